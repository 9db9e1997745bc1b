-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0011_function_search_path_mutable.sql
-- test: a function with no search_path setting: 1 issue
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
