-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0029_authenticated_security_definer_function_executable.sql
-- test: NEGATIVE: SECURITY DEFINER function with EXECUTE revoked from PUBLIC and authenticated at creation
-- Nothing here is copied from upstream.

create function public.maintenance_only() returns int
    language sql
    security definer
    as $$ select 1 $$;

revoke execute on function public.maintenance_only() from public, authenticated;
