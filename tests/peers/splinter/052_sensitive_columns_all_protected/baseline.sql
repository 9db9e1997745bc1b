-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0023_sensitive_columns_exposed.sql
-- test: RLS on both tables, a table without sensitive columns, and a non-exposed schema: 0 issues
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
