-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0023_sensitive_columns_exposed.sql
-- test: RLS on the first table: 1 issue, the payments table
-- Nothing here is copied from upstream.

create table public.customers (
    id int primary key,
    username text not null,
    password text not null,
    ssn text
);

create table public.card_payments (
    id int primary key,
    customer_id int references public.customers (id),
    credit_card text,
    cvv text,
    amount numeric
);

alter table public.customers enable row level security;
