-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0001_unindexed_foreign_keys.sql
-- test: Multi-column Case: no index on the composite key
-- Nothing here is copied from upstream.

create table public.stores (
    id int primary key,
    country int,
    code int,
    foreign key (country, code) references public.regions (country, code)
);
