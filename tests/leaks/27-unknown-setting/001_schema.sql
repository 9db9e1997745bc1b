-- 27-unknown-setting: plain Postgres, organizations with a membership table; every policy compares
-- the row's organization with current_setting('myapp.scope', true). The application sets
-- myapp.scope to the caller's organization, but nothing in the schema says so: the name says
-- neither tenant nor user, so the probes cannot know what to set (they set it to '' for
-- everybody). Tenant A's own member then reads none of tenant A's rows anywhere: the probes'
-- identity does not reach the policies, and "no leak" would be vacuous.

create role app_user nologin;

create table public.users (
  id    uuid primary key default gen_random_uuid(),
  email text not null unique
);

create table public.orgs (
  id   uuid primary key default gen_random_uuid(),
  name text not null
);

create table public.org_members (
  org_id  uuid not null references public.orgs (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  primary key (org_id, user_id)
);

create table public.projects (
  id     uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  name   text not null
);

alter table public.orgs enable row level security;
alter table public.org_members enable row level security;
alter table public.projects enable row level security;

create policy scoped on public.orgs
  using (id::text = current_setting('myapp.scope', true));
create policy scoped on public.org_members
  using (org_id::text = current_setting('myapp.scope', true))
  with check (org_id::text = current_setting('myapp.scope', true));
create policy scoped on public.projects
  using (org_id::text = current_setting('myapp.scope', true))
  with check (org_id::text = current_setting('myapp.scope', true));

grant select, insert, update, delete on all tables in schema public to app_user;
