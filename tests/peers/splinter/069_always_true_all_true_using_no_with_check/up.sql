-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: ALL command with USING (true) and no WITH CHECK SHOULD be flagged
-- Nothing here is copied from upstream.

create policy "all_true_using_no_with_check" on public.posts
    for all to authenticated
    using (true);
