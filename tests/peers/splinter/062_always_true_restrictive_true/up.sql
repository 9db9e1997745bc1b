-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: Restrictive policy with true should NOT be flagged
-- Nothing here is copied from upstream.

create policy "restrictive_true" on public.posts
    as restrictive
    for update to authenticated
    using (true);
