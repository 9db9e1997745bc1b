-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0021_fkey_to_auth_unique.sql
-- test: the table dropped: 0 issues
-- Nothing here is copied from upstream.

create table public.contacts (
    id uuid primary key,
    owner_email text not null,
    constraint contacts_owner_email_fkey foreign key (owner_email) references auth.users (email)
);

drop table public.contacts;
