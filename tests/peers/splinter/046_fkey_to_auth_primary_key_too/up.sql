-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0021_fkey_to_auth_unique.sql
-- test: a second foreign key to auth.users(id) (the primary key) is fine: still 1 issue
-- Nothing here is copied from upstream. auth.users(phone) is the unique column a real
-- Supabase auth.users has (GoTrue), as the shim makes it; upstream's test schema has another.

create table public.contacts (
    id uuid primary key,
    owner_phone text not null,
    constraint contacts_owner_phone_fkey foreign key (owner_phone) references auth.users (phone)
);

alter table public.contacts
    add constraint contacts_id_fkey
    foreign key (id)
    references auth.users (id);
