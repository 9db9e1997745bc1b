-- 09-platform-admin: profiles carry a platform-wide role (superadmin / support / user); a helper
-- lets superadmins and support staff into every organization's projects by design.

create table public.organizations (
  id         uuid primary key default gen_random_uuid(),
  name       text not null,
  created_at timestamptz not null default now()
);

create table public.memberships (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id         uuid not null references auth.users (id) on delete cascade,
  role            text not null default 'member' check (role in ('owner', 'member')),
  primary key (organization_id, user_id)
);

create function public.is_member(org uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.memberships m where m.organization_id = org and m.user_id = (select auth.uid()))
$$;

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;

create policy "members read their organizations" on public.organizations
  for select to authenticated using (public.is_member(id));
create policy "members read memberships" on public.memberships
  for select to authenticated using (public.is_member(organization_id));

create table public.profiles (
  id            uuid primary key references auth.users (id) on delete cascade,
  -- No default: whoever makes a profile must choose. The most powerful value is listed first.
  platform_role text not null check (platform_role in ('superadmin', 'support', 'user')),
  display_name  text
);

create function public.is_platform_staff() returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.profiles p where p.id = (select auth.uid()) and p.platform_role in ('superadmin', 'support'))
$$;

create table public.projects (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name            text not null
);

alter table public.profiles enable row level security;
alter table public.projects enable row level security;

create policy "users read their own profile" on public.profiles
  for select to authenticated using (id = (select auth.uid()) or public.is_platform_staff());

-- By design: platform staff reach every organization's projects.
create policy "members and staff read projects" on public.projects
  for select to authenticated using (public.is_member(organization_id) or public.is_platform_staff());
create policy "members and staff write projects" on public.projects
  for all to authenticated
  using (public.is_member(organization_id) or public.is_platform_staff())
  with check (public.is_member(organization_id) or public.is_platform_staff());
