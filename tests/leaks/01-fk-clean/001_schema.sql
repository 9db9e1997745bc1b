-- 01-fk-clean: organizations with a membership table (three roles), a directly scoped table and
-- one reached through it; every policy scopes rows to the caller's memberships. No hole.

create table public.organizations (
  id         uuid primary key default gen_random_uuid(),
  name       text not null check (char_length(name) between 1 and 80),
  created_at timestamptz not null default now()
);

create table public.memberships (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id         uuid not null references auth.users (id) on delete cascade,
  role            text not null default 'member' check (role in ('owner', 'admin', 'member')),
  primary key (organization_id, user_id)
);

create function public.is_member(org uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.memberships m where m.organization_id = org and m.user_id = (select auth.uid()))
$$;

create function public.has_role(org uuid, roles text[]) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.memberships m
                 where m.organization_id = org and m.user_id = (select auth.uid()) and m.role = any (roles))
$$;

create table public.projects (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name            text not null,
  archived        boolean not null default false
);
create index on public.projects (organization_id);

create table public.tasks (
  id         uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  title      text not null,
  done       boolean not null default false
);
create index on public.tasks (project_id);

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;
alter table public.projects enable row level security;
alter table public.tasks enable row level security;

create policy "members read their organizations" on public.organizations
  for select to authenticated using (public.is_member(id));
create policy "admins rename their organizations" on public.organizations
  for update to authenticated
  using (public.has_role(id, array['owner', 'admin']))
  with check (public.has_role(id, array['owner', 'admin']));

create policy "members read memberships" on public.memberships
  for select to authenticated using (public.is_member(organization_id));
create policy "admins add members" on public.memberships
  for insert to authenticated with check (public.has_role(organization_id, array['owner', 'admin']));
create policy "admins change members" on public.memberships
  for update to authenticated
  using (public.has_role(organization_id, array['owner', 'admin']))
  with check (public.has_role(organization_id, array['owner', 'admin']));
create policy "admins remove members" on public.memberships
  for delete to authenticated using (public.has_role(organization_id, array['owner', 'admin']));

create policy "members work on projects" on public.projects
  for all to authenticated
  using (public.is_member(organization_id))
  with check (public.is_member(organization_id));

create policy "members work on tasks" on public.tasks
  for all to authenticated
  using (exists (select 1 from public.projects p where p.id = tasks.project_id and public.is_member(p.organization_id)))
  with check (exists (select 1 from public.projects p where p.id = tasks.project_id and public.is_member(p.organization_id)));

-- A tenant with a user, a project and a task already there.
insert into auth.users (id, email) values ('11111111-1111-4111-8111-111111111111', 'ada@acme.example');
insert into public.organizations (id, name) values ('a0000000-0000-4000-8000-000000000001', 'Acme');
insert into public.memberships values ('a0000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'owner');
insert into public.projects (id, organization_id, name) values ('a0000000-0000-4000-8000-0000000000a1', 'a0000000-0000-4000-8000-000000000001', 'Launch');
insert into public.tasks (project_id, title) values ('a0000000-0000-4000-8000-0000000000a1', 'Write the plan');
