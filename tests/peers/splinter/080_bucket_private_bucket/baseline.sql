-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0025_public_bucket_allows_listing.sql
-- test: PRIVATE BUCKET: a matching SELECT policy alone does not fire
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
