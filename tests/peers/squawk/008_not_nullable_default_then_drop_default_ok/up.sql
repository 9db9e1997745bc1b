-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::adding_field_that_is_not_nullable
-- Nothing here is copied from upstream.

begin;
-- a constant default fills existing rows without a rewrite
alter table public.dishes add column servings integer default 10 not null;
alter table public.dishes alter column servings drop default;
commit;
