-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0011_function_search_path_mutable.sql
-- test: replaced with set search_path = 'public': 0 issues
-- Nothing here is copied from upstream.

create or replace function public.the_answer()
    returns int
    set search_path = 'public'
    language sql
as $$
    select 42;
$$;
