-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0016_materialized_view_in_api.sql
-- test: resolved by revoking select from anon, authenticated, public
-- Nothing here is copied from upstream.

create materialized view public.daily_total as select 42 as total;

revoke select on public.daily_total from anon, authenticated, public;
