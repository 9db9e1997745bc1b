-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0001_unindexed_foreign_keys.sql
-- test: Multi-column Case: an index on the same columns in the wrong order (bar, foo) does NOT resolve the issue
-- Nothing here is copied from upstream.

create table public.regions (
    country int,
    code int,
    primary key (country, code)
);
