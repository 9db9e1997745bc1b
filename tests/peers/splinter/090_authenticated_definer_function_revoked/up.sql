-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0029_authenticated_security_definer_function_executable.sql
-- test: RESOLUTION: revoke EXECUTE from authenticated and from PUBLIC
-- Nothing here is copied from upstream.

create function public.bump(target_id int) returns int
    language sql
    security definer
    as $$ select target_id $$;

revoke execute on function public.bump(int) from authenticated, public;
