-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0021_fkey_to_auth_unique.sql
-- test: a second foreign key to auth.users(id) (the primary key) is fine: still 1 issue
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
