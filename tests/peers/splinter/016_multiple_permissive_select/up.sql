-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0006_multiple_permissive_policies.sql
-- test: a SELECT and an ALL permissive policy for every role (no TO): flagged for anon and authenticated
-- Nothing here is copied from upstream.

create policy articles_read on public.articles
    for select
    using (true);

create policy articles_all on public.articles
    for all
    using (true);
