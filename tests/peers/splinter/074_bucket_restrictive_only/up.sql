-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0025_public_bucket_allows_listing.sql
-- test: NEGATIVE: a restrictive-only SELECT policy does not fire
-- Nothing here is copied from upstream.

insert into storage.buckets (id, name, public)
values ('locked', 'Locked bucket', true);

create policy "locked_select" on storage.objects
    as restrictive
    for select to authenticated
    using (bucket_id = 'locked');
