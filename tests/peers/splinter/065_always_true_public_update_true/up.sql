-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: Policy for public (all roles) SHOULD be flagged for UPDATE
-- Nothing here is copied from upstream.

create policy "public_update_true" on public.posts
    for update
    using (true);
