-- 14-postgres-setting-clean: plain Postgres, the same tables as 13 but the application role
-- gets plain grants. Requests without app.org_id fail (current_setting raises): a refusal.

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

-- The application sets app.org_id for every request (set_config(..., true) in its transaction).
create policy org_isolation on public.orgs
  using (id = current_setting('app.org_id')::uuid);
create policy org_isolation on public.org_members
  using (org_id = current_setting('app.org_id')::uuid) with check (org_id = current_setting('app.org_id')::uuid);
create policy org_isolation on public.projects
  using (org_id = current_setting('app.org_id')::uuid) with check (org_id = current_setting('app.org_id')::uuid);

grant select, insert, update, delete on all tables in schema public to app_user;
