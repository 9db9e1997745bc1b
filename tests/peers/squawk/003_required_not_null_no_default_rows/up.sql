-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_required_field.rs
-- test: test::not_null_without_default
-- Nothing here is copied from upstream.

alter table public.dishes add column is_public boolean not null;
