-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0018_unsupported_reg_types.sql
-- test: 7 issues, one per column of an unsupported reg* type
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
