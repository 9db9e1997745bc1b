-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: ALL command with USING (true) SHOULD be flagged
-- Nothing here is copied from upstream.

create policy "all_using_true" on public.posts
    for all to authenticated
    using (true);
