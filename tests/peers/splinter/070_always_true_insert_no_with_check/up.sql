-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: INSERT with no WITH CHECK (null) SHOULD be flagged
-- Nothing here is copied from upstream.

create policy "insert_no_with_check" on public.posts
    for insert to authenticated;
