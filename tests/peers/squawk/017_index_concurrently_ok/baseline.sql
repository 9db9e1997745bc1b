-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/require_concurrent_index_creation.rs
-- test: test::adding_index_concurrently_ok
-- Nothing here is copied from upstream.

create table public.purchases (
    id bigint generated always as identity primary key,
    customer_ref text
);
insert into public.purchases (customer_ref) values ('c1'), ('c2'), ('c3');
