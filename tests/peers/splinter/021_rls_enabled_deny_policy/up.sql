-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0008_rls_enabled_no_policy.sql
-- test: resolved by a policy (using false): 0 issues
-- Nothing here is copied from upstream.

alter table public.articles enable row level security;

create policy nobody on public.articles
    for select
    using (false);
