-- 16-no-fk-jwt-claim: Supabase, tenancy from a custom JWT claim (`tenant_id`, set by an auth
-- hook), no tenants table. The notes INSERT policy forgot the tenant.

create table public.labels (
  id        uuid primary key default gen_random_uuid(),
  tenant_id uuid not null,
  name      text not null,
  unique (tenant_id, name)
);

create table public.notes (
  id        uuid primary key default gen_random_uuid(),
  tenant_id uuid not null,
  author_id uuid not null default auth.uid(),
  body      text not null
);

alter table public.labels enable row level security;
alter table public.notes enable row level security;

create policy "tenant members manage labels" on public.labels
  for all to authenticated
  using (tenant_id = (auth.jwt() ->> 'tenant_id')::uuid)
  with check (tenant_id = (auth.jwt() ->> 'tenant_id')::uuid);

create policy "tenant members read notes" on public.notes
  for select to authenticated using (tenant_id = (auth.jwt() ->> 'tenant_id')::uuid);
-- THE HOLE: any signed-in user writes a note into any tenant.
create policy "signed-in users write notes" on public.notes
  for insert to authenticated with check (true);
create policy "tenant members edit notes" on public.notes
  for update to authenticated
  using (tenant_id = (auth.jwt() ->> 'tenant_id')::uuid)
  with check (tenant_id = (auth.jwt() ->> 'tenant_id')::uuid);
create policy "tenant members delete notes" on public.notes
  for delete to authenticated using (tenant_id = (auth.jwt() ->> 'tenant_id')::uuid);
