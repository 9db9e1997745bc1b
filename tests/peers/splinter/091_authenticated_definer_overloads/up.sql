-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0029_authenticated_security_definer_function_executable.sql
-- test: POSITIVE (overloads): two SECURITY DEFINER functions sharing a name, one finding each
-- Nothing here is copied from upstream.

create function public.route(target_id int) returns int
    language sql
    security definer
    as $$ select target_id $$;

create function public.route(target_id int, label text) returns int
    language sql
    security definer
    as $$ select target_id $$;
