-- 05-membership-escalation: the membership's role column is `account_role` (viewer / editor /
-- admin), and members may update their own membership row with no WITH CHECK: a member moves
-- their membership into another organization.

create table public.organizations (
  id   uuid primary key default gen_random_uuid(),
  name text not null
);

create table public.memberships (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id         uuid not null references auth.users (id) on delete cascade,
  account_role    text not null default 'viewer' check (account_role in ('viewer', 'editor', 'admin')),
  joined_at       timestamptz not null default now(),
  primary key (organization_id, user_id)
);

create function public.is_member(org uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.memberships m where m.organization_id = org and m.user_id = (select auth.uid()))
$$;

create function public.is_admin(org uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.memberships m
                 where m.organization_id = org and m.user_id = (select auth.uid()) and m.account_role = 'admin')
$$;

create table public.pages (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  title           text not null
);

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;
alter table public.pages enable row level security;

create policy "members read their organizations" on public.organizations
  for select to authenticated using (public.is_member(id));

create policy "see own and co-members" on public.memberships
  for select to authenticated using (user_id = (select auth.uid()) or public.is_member(organization_id));
create policy "admins add members" on public.memberships
  for insert to authenticated with check (public.is_admin(organization_id));
-- THE HOLE: no WITH CHECK, so USING (user_id = auth.uid()) is all the new row must pass.
create policy "members update their own membership" on public.memberships
  for update to authenticated using (user_id = (select auth.uid()));
create policy "admins remove, members leave" on public.memberships
  for delete to authenticated using (public.is_admin(organization_id) or user_id = (select auth.uid()));

create policy "members work on pages" on public.pages
  for all to authenticated using (public.is_member(organization_id)) with check (public.is_member(organization_id));
