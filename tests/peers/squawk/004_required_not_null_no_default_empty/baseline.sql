-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_required_field.rs
-- test: test::not_null_without_default
-- Nothing here is copied from upstream.

create table public.dishes (
    id bigint generated always as identity primary key,
    title text not null
);
