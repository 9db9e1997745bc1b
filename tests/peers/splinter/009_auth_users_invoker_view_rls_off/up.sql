-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0002_auth_users_exposed.sql
-- test: Failure mode 3: a security_invoker view over auth.users while RLS is not enabled on auth.users
-- Nothing here is copied from upstream.

create view public.user_emails with (security_invoker = on) as select * from auth.users;
