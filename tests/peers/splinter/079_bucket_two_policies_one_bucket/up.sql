-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0025_public_bucket_allows_listing.sql
-- test: MULTIPLE POLICIES: one lint for the bucket with both policies
-- Nothing here is copied from upstream.

insert into storage.buckets (id, name, public)
values ('shared-assets', 'Shared assets', true);

create policy "shared_assets_a" on storage.objects
    for select to authenticated
    using (bucket_id = 'shared-assets');

create policy "shared_assets_b" on storage.objects
    for select to authenticated
    using ((bucket_id = 'shared-assets'));
