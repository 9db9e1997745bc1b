-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0006_multiple_permissive_policies.sql
-- test: the same policies marked restrictive do not flag
-- Nothing here is copied from upstream.

create policy articles_read on public.articles
    as restrictive
    for select
    using (true);

create policy articles_all on public.articles
    as restrictive
    for all
    using (true);
