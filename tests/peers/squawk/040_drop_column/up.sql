-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/ban_drop_column.rs
-- test: test::err
-- Nothing here is copied from upstream.

alter table "widgets" drop column "legacy_code" cascade;
