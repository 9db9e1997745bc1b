-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0008_rls_enabled_no_policy.sql
-- test: resolved by a policy (using false): 0 issues
-- Nothing here is copied from upstream.

create table public.articles (
    id int primary key
);
