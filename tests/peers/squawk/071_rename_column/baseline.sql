-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/renaming_column.rs
-- test: test::err
-- Nothing here is copied from upstream.

create table public.gauges (
    id int primary key,
    reading numeric
);
insert into public.gauges values (1, 1.5);
