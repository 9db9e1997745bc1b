-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0028_anon_security_definer_function_executable.sql
-- test: POSITIVE: SECURITY DEFINER function in public, EXECUTE granted to anon by the default to PUBLIC
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
