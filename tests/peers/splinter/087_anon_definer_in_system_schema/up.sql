-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0028_anon_security_definer_function_executable.sql
-- test: NEGATIVE: SECURITY DEFINER function in a system schema (auth) does not fire
-- Nothing here is copied from upstream.

create function auth.platform_helper() returns int
    language sql
    security definer
    as $$ select 1 $$;
