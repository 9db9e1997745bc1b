-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0025_public_bucket_allows_listing.sql
-- test: POSITIVE: regex metacharacters in bucket ids are matched literally
-- Nothing here is copied from upstream.

insert into storage.buckets (id, name, public)
values ('x|y[2]^{z}\q', 'Odd id bucket', true);

create policy "odd_id_select" on storage.objects
    for select to authenticated
    using (bucket_id = 'x|y[2]^{z}\q');
