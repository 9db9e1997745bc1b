-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0013_rls_disabled_in_public.sql
-- test: resolved by enabling RLS: 0 issues
-- Nothing here is copied from upstream.

create table public.counters (n int primary key);

alter table public.counters enable row level security;
