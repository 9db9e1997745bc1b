-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0025_public_bucket_allows_listing.sql
-- test: MULTIPLE AFFECTED BUCKETS: one lint per public bucket
-- Nothing here is copied from upstream.

insert into storage.buckets (id, name, public)
values 
    ('north', 'North bucket', true),
    ('south', 'South bucket', true);

create policy "north_select" on storage.objects
    for select to authenticated
    using (bucket_id = 'north');

create policy "south_select" on storage.objects
    for select to authenticated
    using (bucket_id = 'south');
