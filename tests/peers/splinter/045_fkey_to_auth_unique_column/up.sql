-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0021_fkey_to_auth_unique.sql
-- test: 1 issue: a foreign key to a unique (not primary key) column of auth.users
-- Nothing here is copied from upstream.

create table public.contacts (
    id uuid primary key,
    owner_email text not null,
    constraint contacts_owner_email_fkey foreign key (owner_email) references auth.users (email)
);
