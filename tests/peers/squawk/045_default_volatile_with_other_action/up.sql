-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_field_with_default.rs
-- test: test::default_uuid_error_multi_stmt
-- Nothing here is copied from upstream.

alter table tokens set logged, add column ref uuid default gen_random_uuid();
