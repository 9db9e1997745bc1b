-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0003_auth_rls_initplan.sql
-- test: Confirm that realtime.messages will be scanned
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
