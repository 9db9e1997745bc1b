-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::pg12_with_check_but_not_validated_err
-- Nothing here is copied from upstream.

alter table public.members add constraint karma_not_null check (karma is not null) not valid;
alter table public.members alter column karma set not null;
