-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0025_public_bucket_allows_listing.sql
-- test: POSITIVE: a public bucket with a broad ALL policy fires once
-- Nothing here is copied from upstream.

insert into storage.buckets (id, name, public)
values ('all-access', 'All access bucket', true);

create policy "all_access" on storage.objects
    for all to authenticated
    using (bucket_id = 'all-access');
