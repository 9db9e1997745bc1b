-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::pg16_cross_migration_validate_then_set_not_null_ok
-- Nothing here is copied from upstream.

alter table public.members validate constraint members_karma_not_null;
alter table public.members
alter column karma
set not null;
alter table public.members
drop constraint members_karma_not_null;
