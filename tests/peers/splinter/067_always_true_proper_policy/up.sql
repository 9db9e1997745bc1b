-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: Proper policy with actual USING and WITH CHECK should NOT be flagged
-- Nothing here is copied from upstream.

create policy "proper_policy" on public.posts
    for update to authenticated
    using (author_id = auth.uid())
    with check (author_id = auth.uid());
