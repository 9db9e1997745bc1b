-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0001_unindexed_foreign_keys.sql
-- test: Simple Case: a covering index is created, the issue goes away
-- Nothing here is copied from upstream.

create table public.invoices (
    id int primary key,
    vendor_id int references public.vendors (id)
);

create index on public.invoices (vendor_id);
