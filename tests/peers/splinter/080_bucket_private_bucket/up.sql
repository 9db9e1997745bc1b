-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0025_public_bucket_allows_listing.sql
-- test: PRIVATE BUCKET: a matching SELECT policy alone does not fire
-- Nothing here is copied from upstream.

insert into storage.buckets (id, name, public)
values ('private-files', 'Private files', false);

create policy "private_files_select" on storage.objects
    for select to authenticated
    using (bucket_id = 'private-files');
