-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0023_sensitive_columns_exposed.sql
-- test: 1 issue: a table with password and ssn columns, no RLS
-- Nothing here is copied from upstream.

create table public.customers (
    id int primary key,
    username text not null,
    password text not null,
    ssn text
);
