-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::regression_gh_issue_519
-- Nothing here is copied from upstream.

begin;
alter table public.shipments alter column status set not null;
update public.schema_version set version_num = 'b' where schema_version.version_num = 'a';
commit;
