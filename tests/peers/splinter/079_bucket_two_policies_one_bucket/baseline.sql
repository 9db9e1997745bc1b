-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0025_public_bucket_allows_listing.sql
-- test: MULTIPLE POLICIES: one lint for the bucket with both policies
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
