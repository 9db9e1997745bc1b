-- 20-jwt-exp-required: the policies call session_ok(), which raises when the JWT carries no
-- expiry and is false once it has passed. Announcements are readable by any live session.

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

create function public.session_ok() returns boolean
language plpgsql stable
as $$
declare
  expires numeric := (auth.jwt() ->> 'exp')::numeric;
begin
  if expires is null then
    raise exception 'the session token carries no expiry';
  end if;
  return expires > extract(epoch from now());
end
$$;

create table public.tasks (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  title           text not null
);

create table public.announcements (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  body            text not null
);

alter table public.tasks enable row level security;
alter table public.announcements enable row level security;

create policy "members with a live session manage tasks" on public.tasks
  for all to authenticated
  using (public.session_ok() and public.is_member(organization_id))
  with check (public.session_ok() and public.is_member(organization_id));

-- THE HOLE: a live session is all it takes to read every organization's announcements.
create policy "live sessions read announcements" on public.announcements
  for select to authenticated using (public.session_ok());
create policy "members post announcements" on public.announcements
  for insert to authenticated with check (public.session_ok() and public.is_member(organization_id));
create policy "members edit announcements" on public.announcements
  for update to authenticated
  using (public.session_ok() and public.is_member(organization_id))
  with check (public.session_ok() and public.is_member(organization_id));
create policy "members delete announcements" on public.announcements
  for delete to authenticated using (public.session_ok() and public.is_member(organization_id));
