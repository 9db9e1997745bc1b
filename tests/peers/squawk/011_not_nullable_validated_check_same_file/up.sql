-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::regression_gh_issue_628_pg16_with_validated_check_ok
-- Nothing here is copied from upstream.

begin;
alter table public.members add column karma bigint;
alter table public.members add constraint karma_not_null check (karma is not null) not valid;
commit;
-- our addition so that VALIDATE passes on real rows (upstream's test is static)
update public.members set karma = 0 where karma is null;
begin;
alter table public.members validate constraint karma_not_null;
alter table public.members alter column karma set not null;
alter table public.members drop constraint karma_not_null;
commit;
