-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/renaming_column.rs
-- test: test::err
-- Nothing here is copied from upstream.

alter table "gauges" rename column "reading" to "last_reading";
