-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0003_auth_rls_initplan.sql
-- test: RLS enabled: one entry per per-row (bad_) policy
-- Nothing here is copied from upstream.

-- per-row calls (one policy per auth function, and current_setting)
create policy per_row_uid on public.notes
    for select to authenticated
    using (owner_id = auth.uid());

create policy per_row_jwt on public.notes
    for insert to authenticated
    with check (claims = auth.jwt());

create policy per_row_role on public.notes
    for update to authenticated
    with check (owner_role = auth.role());

create policy per_row_email on public.notes
    for delete to authenticated
    using (owner_email = auth.email());

create policy per_row_setting on public.notes
    for delete to authenticated
    -- odd spacing on purpose
    using (owner_email   =    current_setting(   'role'   ));

-- the same calls wrapped in a sub-select: evaluated once per statement
create policy once_uid on public.notes
    for select to authenticated
    using (owner_id = (select auth.uid()));

create policy once_jwt on public.notes
    for insert to authenticated
    with check (claims = (select auth.jwt()));

create policy once_role on public.notes
    for update to authenticated
    with check (owner_role = (select auth.role()));

create policy once_email on public.notes
    for delete to authenticated
    using (owner_email = (select auth.email()));

create policy once_setting on public.notes
    for delete to authenticated
    using (owner_email = (select current_setting('role')));

alter table public.notes enable row level security;
