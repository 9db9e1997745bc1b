-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/ban_drop_table.rs
-- test: test::err
-- Nothing here is copied from upstream.

drop table "old_reports";
drop table if exists "old_reports";
drop table if exists "old_reports";
