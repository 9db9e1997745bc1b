-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: ALL command with proper USING but no WITH CHECK should NOT be flagged
-- Nothing here is copied from upstream.

create policy "all_proper_using_no_with_check" on public.posts
    for all to authenticated
    using (author_id = auth.uid());
