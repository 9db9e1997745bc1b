-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/disallow_unique_constraint.rs
-- test: test::also_ok
-- Nothing here is copied from upstream.

create table public.depots (
    depot_id int primary key,
    name text
);
insert into public.depots values (1, 'north'), (2, 'south');
