-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/changing_column_type.rs
-- test: test::err
-- Nothing here is copied from upstream.

create table public.dishes (
    id bigint generated always as identity primary key,
    revisions integer not null
);
insert into public.dishes (revisions) values (1), (2), (3);
