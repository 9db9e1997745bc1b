-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0025_public_bucket_allows_listing.sql
-- test: POSITIVE: a public bucket with a broad ALL policy fires once
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
