-- 08-signup-default-tenant: every new user is put into the shared "Community" organization by a
-- trigger on auth.users. Policies are correct: members see their organizations' rows.

create table public.organizations (
  id         uuid primary key default gen_random_uuid(),
  name       text not null,
  is_default boolean not null default false
);

create table public.memberships (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id         uuid not null references auth.users (id) on delete cascade,
  role            text not null default 'member' check (role in ('owner', 'member')),
  primary key (organization_id, user_id)
);

create function public.join_default_organization() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.memberships (organization_id, user_id, role)
  select o.id, new.id, 'member' from public.organizations o where o.is_default;
  return new;
end
$$;

create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.join_default_organization();

create function public.is_member(org uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.memberships m where m.organization_id = org and m.user_id = (select auth.uid()))
$$;

create table public.posts (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  author_id       uuid not null references auth.users (id),
  body            text not null
);

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;
alter table public.posts enable row level security;

create policy "members read their organizations" on public.organizations
  for select to authenticated using (public.is_member(id));
create policy "members read memberships" on public.memberships
  for select to authenticated using (public.is_member(organization_id));
create policy "members read posts" on public.posts
  for select to authenticated using (public.is_member(organization_id));
create policy "members write posts" on public.posts
  for insert to authenticated with check (public.is_member(organization_id) and author_id = (select auth.uid()));
create policy "authors edit posts" on public.posts
  for update to authenticated
  using (public.is_member(organization_id) and author_id = (select auth.uid()))
  with check (public.is_member(organization_id) and author_id = (select auth.uid()));
create policy "authors delete posts" on public.posts
  for delete to authenticated using (public.is_member(organization_id) and author_id = (select auth.uid()));

-- The shared organization sorts first; a private one with a user and a post.
insert into public.organizations (id, name, is_default) values
  ('00000000-0000-4000-8000-000000000001', 'Community', true),
  ('a0000000-0000-4000-8000-000000000001', 'Acme', false);
insert into auth.users (id, email) values ('11111111-1111-4111-8111-111111111111', 'ada@acme.example');
insert into public.memberships values ('a0000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'owner');
insert into public.posts (organization_id, author_id, body) values
  ('00000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'Hello, community'),
  ('a0000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'Acme internal note');
