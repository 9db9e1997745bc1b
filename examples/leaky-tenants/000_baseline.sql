-- =============================================================================
-- leaky-tenants / 000_baseline.sql
--
-- "Ledger", a small Supabase app before tenancy: every row belongs to one user
-- (auth.users) and row level security lets a user see only their own rows.
-- Contacts, notes about them, and invoices to them.
-- Needs the Supabase profile (auth schema, API roles, default privileges).
--
-- This example is deliberately leaky: 002_organizations.sql makes the app
-- multi-tenant with three holes the leak probes must find (see that file).
-- =============================================================================

create table public.contacts (
  id         uuid primary key default gen_random_uuid(),
  owner_id   uuid not null references auth.users (id) on delete cascade,
  name       text not null constraint contacts_name_not_empty check (char_length(name) > 0),
  email      text,
  phone      text,
  created_at timestamptz not null default now()
);

create index contacts_owner_id_idx on public.contacts (owner_id);

create table public.notes (
  id         uuid primary key default gen_random_uuid(),
  owner_id   uuid not null references auth.users (id) on delete cascade,
  contact_id uuid references public.contacts (id) on delete cascade,
  title      text not null,
  body       text not null default '',
  created_at timestamptz not null default now()
);

create index notes_owner_id_idx on public.notes (owner_id);

create table public.invoices (
  id           uuid primary key default gen_random_uuid(),
  owner_id     uuid not null references auth.users (id) on delete cascade,
  contact_id   uuid not null references public.contacts (id) on delete restrict,
  number       text not null,
  status       text not null default 'draft'
               constraint invoices_status_check check (status in ('draft', 'sent', 'paid')),
  amount_cents bigint not null default 0 constraint invoices_amount_check check (amount_cents >= 0),
  issued_on    date not null default current_date,
  created_at   timestamptz not null default now(),
  constraint invoices_owner_number_key unique (owner_id, number)
);

create index invoices_contact_id_idx on public.invoices (contact_id);

alter table public.contacts enable row level security;

alter table public.notes enable row level security;

alter table public.invoices enable row level security;

create policy "Owners manage their contacts" on public.contacts
  for all to authenticated
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) = owner_id);

create policy "Owners manage their notes" on public.notes
  for all to authenticated
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) = owner_id);

create policy "Owners manage their invoices" on public.invoices
  for all to authenticated
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) = owner_id);
