-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: SELECT with USING (true) should NOT be flagged
-- Nothing here is copied from upstream.

create policy "select_using_true" on public.posts
    for select to authenticated
    using (true);
