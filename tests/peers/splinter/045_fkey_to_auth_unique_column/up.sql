-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0021_fkey_to_auth_unique.sql
-- test: 1 issue: a foreign key to a unique (not primary key) column of auth.users
-- Nothing here is copied from upstream. auth.users(phone) is the unique column a real
-- Supabase auth.users has (GoTrue), as the shim makes it; upstream's test schema has another.

create table public.contacts (
    id uuid primary key,
    owner_phone text not null,
    constraint contacts_owner_phone_fkey foreign key (owner_phone) references auth.users (phone)
);
