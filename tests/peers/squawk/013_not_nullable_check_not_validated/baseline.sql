-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::pg12_with_check_but_not_validated_err
-- Nothing here is copied from upstream.

create table public.members (
    id bigint generated always as identity primary key,
    name text not null,
    karma bigint
);
insert into public.members (name, karma) values ('ada', 1), ('grace', 2), ('edsger', 3);
