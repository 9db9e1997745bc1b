-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/disallow_unique_constraint.rs
-- test: test::adding_unique_constraint_err
-- Nothing here is copied from upstream.

alter table profiles add constraint profiles_handle_key unique (handle);
