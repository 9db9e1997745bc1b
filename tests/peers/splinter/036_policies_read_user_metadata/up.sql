-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0015_rls_references_user_metadata.sql
-- test: 2 errors, both bad_* policies (jwt user_metadata, current_setting claims user_metadata)
-- Nothing here is copied from upstream.

create policy trusts_jwt_metadata on public.notes
    for select to authenticated
    using (((select auth.jwt()) ->> 'user_metadata')::bool);

create policy trusts_claims_metadata on public.notes
    for insert to authenticated
    with check ((current_setting($$request.jwt.claims$$, true)::json ->> 'user_metadata')::boolean);

create policy reads_other_claim on public.notes
    for select to authenticated
    using (((select auth.jwt()) ->> 'is_accessible')::bool);
