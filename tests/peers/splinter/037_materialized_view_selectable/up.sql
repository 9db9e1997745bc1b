-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0016_materialized_view_in_api.sql
-- test: a materialized view in public: 1 issue
-- Nothing here is copied from upstream.

create materialized view public.daily_total as select 42 as total;
