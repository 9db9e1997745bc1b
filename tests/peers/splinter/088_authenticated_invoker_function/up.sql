-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0029_authenticated_security_definer_function_executable.sql
-- test: NEGATIVE: SECURITY INVOKER function, EXECUTE granted to authenticated by the default to PUBLIC
-- Nothing here is copied from upstream.

create function public.plain_helper() returns int
    language sql
    security invoker
    as $$ select 1 $$;
