-- =============================================================================
-- leaky-tenants / 002_organizations.sql                  (up)
--
-- Makes Ledger multi-tenant, in the spirit of supabase-orgs:
--   1. organizations + organization_members (role: owner / member)
--   2. SECURITY DEFINER helpers is_org_member(), org_role()
--   3. organization_id on contacts, notes and invoices (backfilled from a
--      personal organization per user, then NOT NULL + foreign key + index)
--   4. invoice_lines: the invoices' amounts split into lines (one per invoice)
--   5. row level security rewritten around membership
--
-- THIS FILE HAS THREE DELIBERATE HOLES, for Tenant Planner's leak probes:
--   HOLE 1  contacts: a SELECT policy that lets any signed-in user read the
--           contacts of every organization (it checks the role claim, not
--           membership);
--   HOLE 2  invoice_lines: row level security is never enabled, and the API
--           roles hold every privilege on it (Supabase's default privileges);
--   HOLE 3  notes: the UPDATE policy's WITH CHECK checks the author, not the
--           organization, so an author can move a note into another one.
-- The validation file does not notice any of them: its checks pass.
-- Undo: 002_organizations_rollback.sql.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- 1. Tenants and memberships
-- -----------------------------------------------------------------------------
create table public.organizations (
  id         uuid primary key default gen_random_uuid(),
  name       text not null constraint organizations_name_length check (char_length(name) between 1 and 120),
  slug       text not null unique constraint organizations_slug_format check (slug ~ '^[a-z0-9][a-z0-9-]*$'),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);

create table public.organization_members (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id         uuid not null references auth.users (id) on delete cascade,
  role            text not null default 'member'
                  constraint organization_members_role_check check (role in ('owner', 'member')),
  created_at      timestamptz not null default now(),
  primary key (organization_id, user_id)
);

create index organization_members_user_id_idx on public.organization_members (user_id);

-- -----------------------------------------------------------------------------
-- 2. Helpers for the policies (definer rights: they read organization_members
--    without recursing into its policies)
-- -----------------------------------------------------------------------------
create or replace function public.is_org_member(org uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.organization_members m
    where m.organization_id = org and m.user_id = (select auth.uid())
  );
$$;

create or replace function public.org_role(org uuid) returns text
language sql
stable
security definer
set search_path = ''
as $$
  select m.role from public.organization_members m
  where m.organization_id = org and m.user_id = (select auth.uid());
$$;

revoke execute on function public.is_org_member(uuid), public.org_role(uuid) from public, anon;

-- -----------------------------------------------------------------------------
-- 3. The tenant key, backfilled from a personal organization per user
-- -----------------------------------------------------------------------------
insert into public.organizations (id, name, slug, created_by, created_at)
select md5('personal-org:' || u.id::text)::uuid,
       split_part(u.email, '@', 1) || '''s workspace',
       'personal-' || replace(u.id::text, '-', ''),
       u.id,
       u.created_at
from auth.users u;

insert into public.organization_members (organization_id, user_id, role, created_at)
select o.id, o.created_by, 'owner', o.created_at
from public.organizations o;

alter table public.contacts add column organization_id uuid references public.organizations (id) on delete cascade;

alter table public.notes add column organization_id uuid references public.organizations (id) on delete cascade;

alter table public.invoices add column organization_id uuid references public.organizations (id) on delete cascade;

update public.contacts set organization_id = md5('personal-org:' || owner_id::text)::uuid;

update public.notes set organization_id = md5('personal-org:' || owner_id::text)::uuid;

update public.invoices set organization_id = md5('personal-org:' || owner_id::text)::uuid;

alter table public.contacts alter column organization_id set not null;

alter table public.notes alter column organization_id set not null;

alter table public.invoices alter column organization_id set not null;

create index contacts_organization_id_idx on public.contacts (organization_id);

create index notes_organization_id_idx on public.notes (organization_id);

create index invoices_organization_id_idx on public.invoices (organization_id);

-- -----------------------------------------------------------------------------
-- 4. Invoice lines: one line per invoice, carrying its amount
-- -----------------------------------------------------------------------------
create table public.invoice_lines (
  id               uuid primary key default gen_random_uuid(),
  invoice_id       uuid not null references public.invoices (id) on delete cascade,
  description      text not null,
  quantity         integer not null default 1 constraint invoice_lines_quantity_check check (quantity > 0),
  unit_price_cents bigint not null default 0 constraint invoice_lines_price_check check (unit_price_cents >= 0),
  created_at       timestamptz not null default now()
);

create index invoice_lines_invoice_id_idx on public.invoice_lines (invoice_id);

insert into public.invoice_lines (id, invoice_id, description, quantity, unit_price_cents, created_at)
select md5('line:' || i.id::text)::uuid, i.id, 'Invoice ' || i.number, 1, i.amount_cents, i.created_at
from public.invoices i;

-- HOLE 2: no `alter table public.invoice_lines enable row level security;`
-- (the default privileges gave anon and authenticated every privilege on it).

-- -----------------------------------------------------------------------------
-- 5. Row level security around membership
-- -----------------------------------------------------------------------------
alter table public.organizations enable row level security;

alter table public.organization_members enable row level security;

create policy "Members can view their organizations" on public.organizations
  for select to authenticated
  using (public.is_org_member(id));

create policy "Owners can rename their organization" on public.organizations
  for update to authenticated
  using (public.org_role(id) = 'owner')
  with check (public.org_role(id) = 'owner');

create policy "Members can view fellow members" on public.organization_members
  for select to authenticated
  using (public.is_org_member(organization_id));

create policy "Owners manage members" on public.organization_members
  for all to authenticated
  using (public.org_role(organization_id) = 'owner')
  with check (public.org_role(organization_id) = 'owner');

-- contacts
drop policy "Owners manage their contacts" on public.contacts;

-- HOLE 1: meant as "signed in", reads as "every contact of every organization".
create policy "Signed-in users can read contacts" on public.contacts
  for select to authenticated
  using (auth.role() = 'authenticated');

create policy "Members add contacts" on public.contacts
  for insert to authenticated
  with check (owner_id = (select auth.uid()) and public.is_org_member(organization_id));

create policy "Members edit contacts" on public.contacts
  for update to authenticated
  using (public.is_org_member(organization_id))
  with check (public.is_org_member(organization_id));

create policy "Members delete contacts" on public.contacts
  for delete to authenticated
  using (public.is_org_member(organization_id));

-- notes
drop policy "Owners manage their notes" on public.notes;

create policy "Members read notes" on public.notes
  for select to authenticated
  using (public.is_org_member(organization_id) or owner_id = (select auth.uid()));

create policy "Members add notes" on public.notes
  for insert to authenticated
  with check (owner_id = (select auth.uid()) and public.is_org_member(organization_id));

-- HOLE 3: the WITH CHECK checks authorship, not the organization: an author can
-- move their note into any organization (and still sees it there, as its author).
create policy "Authors edit their notes" on public.notes
  for update to authenticated
  using (owner_id = (select auth.uid()) and public.is_org_member(organization_id))
  with check (owner_id = (select auth.uid()));

create policy "Members delete notes" on public.notes
  for delete to authenticated
  using (public.is_org_member(organization_id));

-- invoices
drop policy "Owners manage their invoices" on public.invoices;

create policy "Members manage invoices" on public.invoices
  for all to authenticated
  using (public.is_org_member(organization_id))
  with check (public.is_org_member(organization_id));
