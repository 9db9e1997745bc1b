-- 25-move-kept-by-trigger: authors may update their tickets with WITH CHECK (true), which would
-- let them move a ticket into another organization — but a BEFORE UPDATE trigger pins a row to
-- its organization. The UPDATE reports a row; nothing crosses. No hole.

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

create table public.tickets (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  created_by      uuid not null references auth.users (id),
  title           text not null
);

create function public.pin_organization() returns trigger
language plpgsql
as $$
begin
  new.organization_id := old.organization_id;
  return new;
end
$$;

create trigger pin_organization before update on public.tickets
  for each row execute function public.pin_organization();

alter table public.tickets enable row level security;

create policy "members and authors read tickets" on public.tickets
  for select to authenticated using (public.is_member(organization_id) or created_by = (select auth.uid()));
create policy "members file tickets" on public.tickets
  for insert to authenticated with check (public.is_member(organization_id) and created_by = (select auth.uid()));
create policy "authors edit tickets" on public.tickets
  for update to authenticated using (created_by = (select auth.uid())) with check (true);
