-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_field_with_default.rs
-- test: test::add_numbers_ok
-- Nothing here is copied from upstream.

create table public.dishes (
    id bigint generated always as identity primary key,
    title text not null
);
insert into public.dishes (title) values ('soup'), ('salad'), ('stew');
