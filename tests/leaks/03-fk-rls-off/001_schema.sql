-- 03-fk-rls-off: invoices are scoped correctly; invoice_items, reached through invoices, never
-- get row level security, and Supabase's default privileges give the API roles everything.

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

create table public.invoices (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  number          text not null,
  total_cents     bigint not null default 0 check (total_cents >= 0),
  unique (organization_id, number)
);

create table public.invoice_items (
  id          uuid primary key default gen_random_uuid(),
  invoice_id  uuid not null references public.invoices (id) on delete cascade,
  description text not null,
  cents       bigint not null check (cents >= 0)
);

alter table public.invoices enable row level security;
create policy "members manage invoices" on public.invoices
  for all to authenticated
  using (public.is_member(organization_id))
  with check (public.is_member(organization_id));

-- THE HOLE: no `alter table public.invoice_items enable row level security`.
