-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0025_public_bucket_allows_listing.sql
-- test: NEGATIVE: a public bucket with a SELECT policy constrained to a path prefix
-- Nothing here is copied from upstream.

insert into storage.buckets (id, name, public)
values ('prefixed', 'Prefixed bucket', true);

create policy "prefixed_select" on storage.objects
    for select to authenticated
    using (bucket_id = 'prefixed' and name like 'shared/%');
