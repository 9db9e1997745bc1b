-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::pg12_without_validated_check_err
-- Nothing here is copied from upstream.

alter table public.members alter column karma set not null;
