-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::set_not_null
-- Nothing here is copied from upstream.

alter table public.dishes alter column servings set not null;
