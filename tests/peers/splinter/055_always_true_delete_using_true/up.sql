-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: DELETE with USING (true) SHOULD be flagged
-- Nothing here is copied from upstream.

create policy "delete_using_true" on public.posts
    for delete to authenticated
    using (true);
