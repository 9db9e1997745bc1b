-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: Policy for custom role (not anon/authenticated) should NOT be flagged
-- Nothing here is copied from upstream.

create role report_reader;

create policy "custom_role_policy" on public.posts
    for update to report_reader
    using (true);
