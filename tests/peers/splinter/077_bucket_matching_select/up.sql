-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0025_public_bucket_allows_listing.sql
-- test: POSITIVE: a public bucket with a matching SELECT policy fires once
-- Nothing here is copied from upstream.

insert into storage.buckets (id, name, public)
values ('list.me+2', 'Listable bucket', true);

create policy "list_me_select" on storage.objects
    for select to authenticated
    using (bucket_id = 'list.me+2');
