-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0016_materialized_view_in_api.sql
-- test: a materialized view in public: 1 issue
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
