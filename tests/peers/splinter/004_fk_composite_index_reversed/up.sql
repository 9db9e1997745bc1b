-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0001_unindexed_foreign_keys.sql
-- test: Multi-column Case: an index on the same columns in the wrong order (bar, foo) does NOT resolve the issue
-- Nothing here is copied from upstream.

create table public.stores (
    id int primary key,
    country int,
    code int,
    foreign key (country, code) references public.regions (country, code)
);

-- the key is (country, code); this index leads with code
create index on public.stores (code, country);
