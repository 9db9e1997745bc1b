-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0023_sensitive_columns_exposed.sql
-- test: 1 issue: a table with password and ssn columns, no RLS
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
