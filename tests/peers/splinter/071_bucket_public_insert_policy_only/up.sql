-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0025_public_bucket_allows_listing.sql
-- test: NEGATIVE: a public bucket without a matching SELECT policy (INSERT only)
-- Nothing here is copied from upstream.

insert into storage.buckets (id, name, public)
values ('open-uploads', 'Open uploads', true);

create policy "open_uploads_insert" on storage.objects
    for insert to authenticated
    with check (bucket_id = 'open-uploads');
