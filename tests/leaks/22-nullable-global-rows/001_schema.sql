-- 22-nullable-global-rows: templates with no organization are shared by everyone; an
-- organization's own templates are private to it. No hole.

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

create table public.templates (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid references public.organizations (id) on delete cascade,
  name            text not null
);

alter table public.templates enable row level security;

create policy "shared templates and your organizations' own" on public.templates
  for select to authenticated using (organization_id is null or public.is_member(organization_id));
create policy "members write their organizations' templates" on public.templates
  for insert to authenticated with check (public.is_member(organization_id));
create policy "members edit their organizations' templates" on public.templates
  for update to authenticated using (public.is_member(organization_id)) with check (public.is_member(organization_id));
create policy "members delete their organizations' templates" on public.templates
  for delete to authenticated using (public.is_member(organization_id));

insert into public.templates (organization_id, name) values (null, 'Weekly report (shared)');
