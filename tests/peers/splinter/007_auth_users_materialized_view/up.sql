-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0002_auth_users_exposed.sql
-- test: Failure mode 1: a materialized view over auth.users
-- Nothing here is copied from upstream.

create materialized view public.user_directory as select * from auth.users;
