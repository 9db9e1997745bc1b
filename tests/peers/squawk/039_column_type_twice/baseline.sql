-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/changing_column_type.rs
-- test: test::another_err
-- Nothing here is copied from upstream.

create table public.dishes (
    id bigint generated always as identity primary key,
    notes text
);
insert into public.dishes (notes) values ('a'), ('b'), ('c');
