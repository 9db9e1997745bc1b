-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: INSERT with WITH CHECK (true) SHOULD be flagged
-- Nothing here is copied from upstream.

create policy "insert_with_check_true" on public.posts
    for insert to authenticated
    with check (true);
