-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0028_anon_security_definer_function_executable.sql
-- test: POSITIVE: SECURITY DEFINER function in public, EXECUTE granted to anon by the default to PUBLIC
-- Nothing here is copied from upstream.

create function public.bump(target_id int) returns int
    language sql
    security definer
    as $$ select target_id $$;
