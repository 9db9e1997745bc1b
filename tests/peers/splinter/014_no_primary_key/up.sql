-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0004_no_primary_key.sql
-- test: one table with a primary key, one without: only the latter is listed
-- Nothing here is copied from upstream.

create table public.with_key (
    id int primary key
);

create table public.without_key (
    id int
);
