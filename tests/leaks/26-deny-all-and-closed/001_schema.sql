-- 26-deny-all-and-closed: organizations with a membership table, where every policy scopes rows
-- to the caller's memberships — except two tables. public.secrets has a deny-all SELECT policy
-- (`using (false)`): no member reads anything there, so the personas' 0 rows say nothing about
-- isolation (the positive control reads none of tenant A's rows: unconfirmed). public.audit_log is
-- for the service role only: RLS on and no policy for authenticated at all, so the catalog closes
-- it to every member (closed, an answer). No hole.

create table public.organizations (
  id   uuid primary key default gen_random_uuid(),
  name text not null
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

create table public.projects (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name            text not null
);

create table public.secrets (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  value           text not null
);

create table public.audit_log (
  id              bigint generated always as identity primary key,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  event           text not null
);

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;
alter table public.projects enable row level security;
alter table public.secrets enable row level security;
alter table public.audit_log enable row level security;

create policy "members read their organizations" on public.organizations
  for select to authenticated using (public.is_member(id));
create policy "members read memberships" on public.memberships
  for select to authenticated using (public.is_member(organization_id));
create policy "members work on projects" on public.projects
  for all to authenticated
  using (public.is_member(organization_id))
  with check (public.is_member(organization_id));

-- Nobody reads secrets through the API (a leftover of a half-finished feature).
create policy "no reads" on public.secrets for select to authenticated using (false);

-- The service role writes the audit log; nobody else has a policy.
create policy "service role only" on public.audit_log for all to service_role using (true) with check (true);
