-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0001_unindexed_foreign_keys.sql
-- test: Multi-column Case: a multi-column index in the correct order resolves the issue (the reversed one stays)
-- Nothing here is copied from upstream.

create table public.stores (
    id int primary key,
    country int,
    code int,
    foreign key (country, code) references public.regions (country, code)
);

create index on public.stores (code, country);
create index on public.stores (country, code);
