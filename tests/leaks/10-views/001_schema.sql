-- 10-views: two views over invoices, which are scoped correctly. One runs with its owner's rights
-- (no security_invoker) and shows every organization's totals; the other is security_invoker.

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
  total_cents     bigint not null default 0
);

alter table public.invoices enable row level security;
create policy "members manage invoices" on public.invoices
  for all to authenticated using (public.is_member(organization_id)) with check (public.is_member(organization_id));

-- THE HOLE: a view owned by postgres, without security_invoker: RLS of invoices does not apply.
create view public.invoice_totals as
  select organization_id, count(*) as invoices, sum(total_cents) as total_cents
  from public.invoices group by organization_id;

-- Correct: the caller's policies apply.
create view public.invoice_list with (security_invoker = true) as
  select id, organization_id, number from public.invoices;
