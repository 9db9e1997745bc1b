-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0004_no_primary_key.sql
-- test: one table with a primary key, one without: only the latter is listed
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
