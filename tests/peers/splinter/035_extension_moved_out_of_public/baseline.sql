-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0014_extension_in_public.sql
-- test: resolved by moving the extension to schema extensions
-- Nothing here is copied from upstream.

create schema if not exists extensions;
