-- 15-no-fk-setting: plain Postgres, tenancy without a tenants table: every table carries
-- tenant_id (no foreign key), the application sets app.tenant_id per request, and the policies
-- compare the two. audit_events was added later and never got row level security.

create role app_rw nologin;

create table public.projects (
  id        uuid primary key default gen_random_uuid(),
  tenant_id uuid not null,
  name      text not null
);
create index on public.projects (tenant_id);

create table public.tasks (
  id         uuid primary key default gen_random_uuid(),
  tenant_id  uuid not null,
  project_id uuid not null references public.projects (id) on delete cascade,
  title      text not null
);
create index on public.tasks (tenant_id);

create table public.audit_events (
  id        bigint generated always as identity primary key,
  tenant_id uuid not null,
  action    text not null,
  at        timestamptz not null default now()
);
create index on public.audit_events (tenant_id);

alter table public.projects enable row level security;
alter table public.tasks enable row level security;
-- THE HOLE: no `alter table public.audit_events enable row level security`.

create policy tenant_isolation on public.projects to app_rw
  using (tenant_id = current_setting('app.tenant_id')::uuid)
  with check (tenant_id = current_setting('app.tenant_id')::uuid);
create policy tenant_isolation on public.tasks to app_rw
  using (tenant_id = current_setting('app.tenant_id')::uuid)
  with check (tenant_id = current_setting('app.tenant_id')::uuid);

grant select, insert, update, delete on all tables in schema public to app_rw;

insert into public.projects (id, tenant_id, name) values
  ('0a000000-0000-4000-8000-0000000000a1', '7e000000-0000-4000-8000-000000000001', 'Existing project');
