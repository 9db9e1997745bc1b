-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::regression_gh_issue_628_pg16_with_validated_check_ok
-- Nothing here is copied from upstream.

create table public.members (
    id bigint generated always as identity primary key,
    name text not null
);
insert into public.members (name) values ('ada'), ('grace'), ('edsger');
