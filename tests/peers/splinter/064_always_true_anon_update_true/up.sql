-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: Policy for anon role SHOULD be flagged
-- Nothing here is copied from upstream.

create policy "anon_update_true" on public.posts
    for update to anon
    using (true);
