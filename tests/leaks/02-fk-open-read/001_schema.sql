-- 02-fk-open-read: a documents table whose SELECT policy is `using (true)` for every signed-in
-- user, next to correct INSERT / UPDATE / DELETE policies.

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

create table public.documents (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  title           text not null,
  body            text not null default ''
);

alter table public.documents enable row level security;

-- THE HOLE: any signed-in user reads every organization's documents.
create policy "signed-in users read documents" on public.documents
  for select to authenticated using (true);
create policy "members add documents" on public.documents
  for insert to authenticated with check (public.is_member(organization_id));
create policy "members edit documents" on public.documents
  for update to authenticated using (public.is_member(organization_id)) with check (public.is_member(organization_id));
create policy "members delete documents" on public.documents
  for delete to authenticated using (public.is_member(organization_id));
