-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0029_authenticated_security_definer_function_executable.sql
-- test: RESOLUTION: revoke EXECUTE from authenticated and from PUBLIC
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
