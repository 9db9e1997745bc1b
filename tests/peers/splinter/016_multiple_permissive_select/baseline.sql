-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0006_multiple_permissive_policies.sql
-- test: a SELECT and an ALL permissive policy for every role (no TO): flagged for anon and authenticated
-- Nothing here is copied from upstream.

create table public.articles (
    id int primary key
);

alter table public.articles enable row level security;
