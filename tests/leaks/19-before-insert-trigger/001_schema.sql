-- 19-before-insert-trigger: documents get their author from auth.uid() in a BEFORE INSERT
-- trigger, which refuses rows made without a signed-in user. The SELECT policy is open.

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
  created_by      uuid not null references auth.users (id),
  title           text not null
);

create function public.stamp_author() returns trigger
language plpgsql
as $$
begin
  new.created_by := auth.uid();
  if new.created_by is null then
    raise exception 'documents are created by a signed-in user';
  end if;
  return new;
end
$$;

create trigger stamp_author before insert on public.documents
  for each row execute function public.stamp_author();

alter table public.documents enable row level security;

-- THE HOLE: readable by every signed-in user.
create policy "signed-in users read documents" on public.documents
  for select to authenticated using (true);
create policy "members write documents" on public.documents
  for insert to authenticated with check (public.is_member(organization_id));
create policy "members edit documents" on public.documents
  for update to authenticated using (public.is_member(organization_id)) with check (public.is_member(organization_id));
create policy "members delete documents" on public.documents
  for delete to authenticated using (public.is_member(organization_id));
