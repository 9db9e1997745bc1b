-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0014_extension_in_public.sql
-- test: an extension installed in public: 1 issue
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
