-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/disallow_unique_constraint.rs
-- test: test::unique_constraint_inline_add_column_unique_err
-- Nothing here is copied from upstream.

alter table profiles add column email text unique;
