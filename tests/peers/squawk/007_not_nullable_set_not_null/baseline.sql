-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::set_not_null
-- Nothing here is copied from upstream.

create table public.dishes (
    id bigint generated always as identity primary key,
    title text not null
);

alter table public.dishes add column servings integer;
insert into public.dishes (title, servings) values ('soup', 2), ('salad', 1), ('stew', 4);
