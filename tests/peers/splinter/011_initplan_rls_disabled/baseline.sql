-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0003_auth_rls_initplan.sql
-- test: bad and good policies while RLS is not enabled: still empty
-- Nothing here is copied from upstream.

create table public.notes (
    id int primary key,
    owner_id uuid,
    claims jsonb,
    owner_role text,
    owner_email text
);
