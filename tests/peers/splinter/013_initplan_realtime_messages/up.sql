-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0003_auth_rls_initplan.sql
-- test: Confirm that realtime.messages will be scanned
-- Nothing here is copied from upstream.

-- realtime.messages exists on every Supabase database (the shim makes it, RLS enabled), so
-- unlike upstream's test we do not create it.

create policy realtime_role_check on realtime.messages
    for insert to authenticated
    with check ('member' = auth.role());

alter table realtime.messages enable row level security;
