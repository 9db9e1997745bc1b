-- 13-owner-role-bypass: plain Postgres. The tables belong to app_owner; the application connects
-- as app_user, which was given its privileges by `grant app_owner to app_user`. A table's owner
-- bypasses its row level security (not forced), and so does every member of the owner role.

create role app_owner nologin;
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

alter table public.users owner to app_owner;
alter table public.orgs owner to app_owner;
alter table public.org_members owner to app_owner;
alter table public.projects owner to app_owner;

-- THE HOLE: app_user inherits app_owner's ownership, so RLS never applies to it.
grant app_owner to app_user;
