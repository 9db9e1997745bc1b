-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0023_sensitive_columns_exposed.sql
-- test: 2 issues: both tables have sensitive columns
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
