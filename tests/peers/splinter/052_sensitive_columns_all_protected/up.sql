-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0023_sensitive_columns_exposed.sql
-- test: RLS on both tables, a table without sensitive columns, and a non-exposed schema: 0 issues
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
alter table public.card_payments enable row level security;

create table public.blog_posts (
    id int primary key,
    title text,
    content text,
    created_at timestamptz default now()
);

create schema internal;
create table internal.credentials (
    id int primary key,
    api_key text,
    secret_token text
);
