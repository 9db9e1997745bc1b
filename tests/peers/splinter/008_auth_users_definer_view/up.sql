-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0002_auth_users_exposed.sql
-- test: Failure mode 2: a view over auth.users that is security definer (the default)
-- Nothing here is copied from upstream.

create view public.user_list as select * from auth.users;
