-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0005_unused_index.sql
-- test: an index that was never scanned is listed (unique indexes are not)
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
