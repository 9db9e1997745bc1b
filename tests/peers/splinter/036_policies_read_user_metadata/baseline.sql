-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0015_rls_references_user_metadata.sql
-- test: 2 errors, both bad_* policies (jwt user_metadata, current_setting claims user_metadata)
-- Nothing here is copied from upstream.

create table public.notes (
    id int primary key,
    owner_id uuid,
    claims jsonb,
    owner_role text,
    owner_email text
);
