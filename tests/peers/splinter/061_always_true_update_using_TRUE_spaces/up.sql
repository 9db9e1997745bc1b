-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: Whitespace and case variations should be normalized (USING (  TRUE  ))
-- Nothing here is copied from upstream.

create policy "update_using_TRUE_spaces" on public.posts
    for update to authenticated
    using (  TRUE  );
