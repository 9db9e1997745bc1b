-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0001_unindexed_foreign_keys.sql
-- test: Simple Case: no index on the referencing column
-- Nothing here is copied from upstream.

create table public.vendors (
    id int primary key
);
