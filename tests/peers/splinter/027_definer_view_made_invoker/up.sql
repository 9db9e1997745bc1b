-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0010_security_definer_view.sql
-- test: the view replaced with security_invoker=on: 0 issues
-- Nothing here is copied from upstream.

create view public.answer as select 42 as value;

create or replace view public.answer with (security_invoker = on) as select 42 as value;
