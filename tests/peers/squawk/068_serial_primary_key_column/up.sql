-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_primary_key_constraint.rs
-- test: test::serial_primary_key
-- Nothing here is copied from upstream.

alter table visits add column id serial primary key;
