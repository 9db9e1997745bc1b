-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: UPDATE with both USING (true) and WITH CHECK (true) SHOULD be flagged
-- Nothing here is copied from upstream.

create policy "update_both_true" on public.posts
    for update to authenticated
    using (true)
    with check (true);
