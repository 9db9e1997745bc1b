-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::adding_field_that_is_not_nullable_in_version_11
-- Nothing here is copied from upstream.

begin;
alter table public.dishes add column servings integer not null default 10;
commit;
