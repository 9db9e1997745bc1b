-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0007_policy_exists_rls_disabled.sql
-- test: resolved by enabling RLS: 0 issues
-- Nothing here is copied from upstream.

create table public.articles (
    id int primary key
);
