-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_field_with_default.rs
-- test: test::default_empty_array_ok
-- Nothing here is copied from upstream.

create table public.series (
    id int primary key
);
insert into public.series values (1), (2);
