-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: Table without RLS enabled should NOT be flagged
-- Nothing here is copied from upstream.

create policy "no_rls_policy" on public.drafts
    for update to authenticated
    using (true);
