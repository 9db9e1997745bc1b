-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0021_fkey_to_auth_unique.sql
-- test: the table dropped: 0 issues
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
