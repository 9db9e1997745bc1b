-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::regression_gh_issue_519
-- Nothing here is copied from upstream.

create table public.shipments (
    id bigint generated always as identity primary key,
    status text
);
insert into public.shipments (status) values ('new'), ('sent');

create table public.schema_version (
    version_num varchar(32) primary key
);
insert into public.schema_version values ('a');
