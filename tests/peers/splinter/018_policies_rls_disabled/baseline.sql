-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0007_policy_exists_rls_disabled.sql
-- test: policies but RLS not enabled: 1 issue
-- Nothing here is copied from upstream.

create table public.articles (
    id int primary key
);
