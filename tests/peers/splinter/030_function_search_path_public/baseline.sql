-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0011_function_search_path_mutable.sql
-- test: replaced with set search_path = 'public': 0 issues
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
