-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0022_extension_versions_outdated.sql
-- test: an extension installed at an old version: 1 issue
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
