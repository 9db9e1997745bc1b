-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0029_authenticated_security_definer_function_executable.sql
-- test: NEGATIVE: SECURITY DEFINER function in a system schema (auth) does not fire
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
