-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0022_extension_versions_outdated.sql
-- test: an extension installed at an old version: 1 issue
-- Nothing here is copied from upstream.

create extension amcheck version '1.0';
