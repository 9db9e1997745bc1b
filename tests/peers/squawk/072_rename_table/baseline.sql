-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/renaming_table.rs
-- test: test::err
-- Nothing here is copied from upstream.

create table public.gauges (
    id int primary key
);
insert into public.gauges values (1);
