-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::pg12_with_different_column_validated_err
-- Nothing here is copied from upstream.

alter table public.members add constraint rank_not_null check (rank is not null) not valid;
alter table public.members validate constraint rank_not_null;
alter table public.members alter column karma set not null;
