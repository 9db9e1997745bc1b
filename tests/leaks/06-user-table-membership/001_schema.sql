-- 06-user-table-membership: no membership table; profiles (one per auth user, made by a sign-up
-- trigger with no organization) carry organization_id and account_role. Correct policies.

create table public.organizations (
  id   uuid primary key default gen_random_uuid(),
  name text not null
);

-- The user table carries the membership: one organization per user, and the user's role in it.
create table public.profiles (
  id              uuid primary key references auth.users (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete set null,
  account_role    text not null default 'member' check (account_role in ('member', 'manager', 'owner')),
  full_name       text
);

-- Sign-up: every new auth user gets a profile, in no organization yet (an invitation sets it).
create function public.handle_new_user() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.profiles (id, full_name) values (new.id, new.email);
  return new;
end
$$;

create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.handle_new_user();

create function public.my_org() returns uuid
language sql stable security definer set search_path = ''
as $$ select p.organization_id from public.profiles p where p.id = (select auth.uid()) $$;

create function public.my_role() returns text
language sql stable security definer set search_path = ''
as $$ select p.account_role from public.profiles p where p.id = (select auth.uid()) $$;

create table public.customers (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name            text not null,
  email           text
);

alter table public.organizations enable row level security;
alter table public.profiles enable row level security;
alter table public.customers enable row level security;

create policy "members read their organization" on public.organizations
  for select to authenticated using (id = public.my_org());
create policy "owners rename their organization" on public.organizations
  for update to authenticated using (id = public.my_org() and public.my_role() = 'owner') with check (id = public.my_org());

create policy "see yourself and your colleagues" on public.profiles
  for select to authenticated using (id = (select auth.uid()) or organization_id = public.my_org());

create policy "members work on customers" on public.customers
  for all to authenticated using (organization_id = public.my_org()) with check (organization_id = public.my_org());

-- Users edit their own profile but can neither change organization nor role.
create policy "users edit their own profile" on public.profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()) and organization_id is not distinct from public.my_org() and account_role = public.my_role());
