-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0003_auth_rls_initplan.sql
-- test: RLS enabled: one entry per per-row (bad_) policy
-- Nothing here is copied from upstream.

create table public.notes (
    id int primary key,
    owner_id uuid,
    claims jsonb,
    owner_role text,
    owner_email text
);
