-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/disallow_unique_constraint.rs
-- test: test::ok
-- Nothing here is copied from upstream.

alter table profiles drop constraint profiles_handle_key;
