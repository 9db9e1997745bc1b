-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0001_unindexed_foreign_keys.sql
-- test: Simple Case: no index on the referencing column
-- Nothing here is copied from upstream.

create table public.invoices (
    id int primary key,
    vendor_id int references public.vendors (id)
);
