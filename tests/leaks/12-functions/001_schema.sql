-- 12-functions: set-returning functions over projects. One SECURITY DEFINER function returns
-- every row; one SECURITY DEFINER function checks membership; one SECURITY INVOKER function
-- relies on RLS.

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

create table public.projects (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name            text not null
);

alter table public.projects enable row level security;
create policy "members manage projects" on public.projects
  for all to authenticated using (public.is_member(organization_id)) with check (public.is_member(organization_id));

-- THE HOLE: definer rights, no check: every organization's projects, to whoever calls it.
create function public.all_projects() returns setof public.projects
language sql stable security definer set search_path = ''
as $$ select * from public.projects $$;

-- Correct: definer rights, but only for members of the organization asked for.
create function public.organization_projects(org uuid) returns setof public.projects
language sql stable security definer set search_path = ''
as $$ select p.* from public.projects p where p.organization_id = org and public.is_member(org) $$;

-- Correct: the caller's rights; RLS filters.
create function public.my_projects() returns setof public.projects
language sql stable security invoker set search_path = ''
as $$ select * from public.projects $$;
