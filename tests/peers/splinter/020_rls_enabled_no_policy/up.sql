-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0008_rls_enabled_no_policy.sql
-- test: RLS enabled, no policy: 1 issue
-- Nothing here is copied from upstream.

alter table public.articles enable row level security;
