-- 17-no-fk-app-metadata: Supabase, the organization is in the JWT's app_metadata (org_id), no
-- organizations table. The reports SELECT policy checks that the claim is there, not that it
-- matches the row.

create table public.projects (
  id     uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  name   text not null
);

create table public.reports (
  id     uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  title  text not null
);

alter table public.projects enable row level security;
alter table public.reports enable row level security;

create policy "organization members manage projects" on public.projects
  for all to authenticated
  using (org_id = ((auth.jwt() -> 'app_metadata') ->> 'org_id')::uuid)
  with check (org_id = ((auth.jwt() -> 'app_metadata') ->> 'org_id')::uuid);

-- THE HOLE: any user with an organization reads every organization's reports.
create policy "organization members read reports" on public.reports
  for select to authenticated using (((auth.jwt() -> 'app_metadata') ->> 'org_id') is not null);
create policy "organization members write reports" on public.reports
  for insert to authenticated with check (org_id = ((auth.jwt() -> 'app_metadata') ->> 'org_id')::uuid);
create policy "organization members edit reports" on public.reports
  for update to authenticated
  using (org_id = ((auth.jwt() -> 'app_metadata') ->> 'org_id')::uuid)
  with check (org_id = ((auth.jwt() -> 'app_metadata') ->> 'org_id')::uuid);
