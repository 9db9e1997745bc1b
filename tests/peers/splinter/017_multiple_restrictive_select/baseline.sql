-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0006_multiple_permissive_policies.sql
-- test: the same policies marked restrictive do not flag
-- Nothing here is copied from upstream.

create table public.articles (
    id int primary key
);

alter table public.articles enable row level security;
