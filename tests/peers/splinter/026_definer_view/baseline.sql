-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0010_security_definer_view.sql
-- test: a view without security_invoker: 1 issue
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
