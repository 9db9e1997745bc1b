-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0010_security_definer_view.sql
-- test: the view replaced with security_invoker=on: 0 issues
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
