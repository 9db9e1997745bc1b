-- =============================================================================
-- leaky-tenants / 002_organizations_rollback.sql         (rollback)
--
-- Undoes 002_organizations.sql: the per-user policies come back exactly as in
-- 000_baseline.sql, the tenant key, invoice lines, helpers and tenant tables go.
-- The seed's rows are untouched (the backfill only added organization_id).
-- =============================================================================

-- notes, contacts, invoices: membership policies out, owner policies back
drop policy "Members read notes" on public.notes;

drop policy "Members add notes" on public.notes;

drop policy "Authors edit their notes" on public.notes;

drop policy "Members delete notes" on public.notes;

drop policy "Signed-in users can read contacts" on public.contacts;

drop policy "Members add contacts" on public.contacts;

drop policy "Members edit contacts" on public.contacts;

drop policy "Members delete contacts" on public.contacts;

drop policy "Members manage invoices" on public.invoices;

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

-- invoice lines (the amounts stay on the invoices)
drop table public.invoice_lines;

-- the tenant key
drop index public.contacts_organization_id_idx;

drop index public.notes_organization_id_idx;

drop index public.invoices_organization_id_idx;

alter table public.contacts drop column organization_id;

alter table public.notes drop column organization_id;

alter table public.invoices drop column organization_id;

-- tenant tables (with their policies), then the helpers those policies used
drop table public.organization_members;

drop table public.organizations;

drop function public.is_org_member(uuid);

drop function public.org_role(uuid);
