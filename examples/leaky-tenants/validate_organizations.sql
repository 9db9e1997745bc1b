-- =============================================================================
-- leaky-tenants / validate_organizations.sql             (validation)
--
-- The checks the author of 002_organizations.sql wrote. Every check prints
--   NOTICE: PASS: <what>   or   NOTICE: FAIL: <what>
-- and the last statement prints  NOTICE: RESULT: <n> passed, <m> failed.
-- They all pass — and none of them notices the three holes: they test each
-- user against their own rows and one other user's invoices, never an
-- outsider against contacts, a table's RLS flag, or a moved note. That is
-- what the leak probes are for.
--
-- The RLS checks act as alice (JWT claims + `set local role authenticated`)
-- between `begin;` and `rollback;`. No statement catches or raises an error
-- (some engines cannot catch errors in PL/pgSQL). Counts live in temporary
-- sequences (nextval is not rolled back); the last statement drops the helpers.
-- =============================================================================

create temporary sequence if not exists tp_passed;

create temporary sequence if not exists tp_failed;

alter sequence pg_temp.tp_passed restart;

alter sequence pg_temp.tp_failed restart;

-- SECURITY DEFINER: callable while the session acts as an API role.
create or replace function pg_temp.tp_check(ok boolean, what text) returns void
language plpgsql
security definer
as $$
begin
  if coalesce(ok, false) then
    perform nextval('pg_temp.tp_passed');
    raise notice 'PASS: %', what;
  else
    perform nextval('pg_temp.tp_failed');
    raise notice 'FAIL: %', what;
  end if;
end;
$$;

-- Structure and backfill
select pg_temp.tp_check(
  (select count(*) from public.organizations) = 3
  and (select count(*) from public.organization_members where role = 'owner') = 3,
  'every user has a personal organization that they own');

select pg_temp.tp_check(
  not exists (select 1 from public.contacts c where c.organization_id <> md5('personal-org:' || c.owner_id::text)::uuid)
  and not exists (select 1 from public.notes n where n.organization_id <> md5('personal-org:' || n.owner_id::text)::uuid)
  and not exists (select 1 from public.invoices i where i.organization_id <> md5('personal-org:' || i.owner_id::text)::uuid),
  'contacts, notes and invoices moved into their owner''s organization');

select pg_temp.tp_check(
  (select count(*) from public.contacts) = 6 and (select count(*) from public.notes) = 6 and (select count(*) from public.invoices) = 4,
  'no row lost: 6 contacts, 6 notes, 4 invoices');

select pg_temp.tp_check(
  not exists (
    select 1 from public.invoices i
    where i.amount_cents <> (select coalesce(sum(l.quantity * l.unit_price_cents), 0) from public.invoice_lines l where l.invoice_id = i.id)),
  'each invoice''s lines add up to its amount');

select pg_temp.tp_check(
  (select bool_and(c.relrowsecurity) from pg_class c
   where c.oid in ('public.organizations'::regclass, 'public.organization_members'::regclass,
                   'public.contacts'::regclass, 'public.notes'::regclass, 'public.invoices'::regclass)),
  'row level security is on for organizations, members, contacts, notes and invoices');

-- Row level security, as alice
begin;

select set_config('request.jwt.claims',
  json_build_object('sub', 'a1111111-1111-4111-8111-111111111111', 'role', 'authenticated')::text, true);

set local role authenticated;

select pg_temp.tp_check((select count(*) from public.invoices) = 2, 'alice sees her 2 invoices and none of bob''s');

select pg_temp.tp_check((select count(*) from public.notes) = 3, 'alice sees her 3 notes');

select pg_temp.tp_check((select count(*) from public.organizations) = 1, 'alice sees only her organization');

with u as (update public.invoices set status = status where owner_id = 'b2222222-2222-4222-8222-222222222222' returning 1)
select pg_temp.tp_check((select count(*) from u) = 0, 'alice cannot update bob''s invoices');

rollback;

-- Summary (and clean-up of the helpers)
do $$
declare
  p bigint := (select case when is_called then last_value else 0 end from pg_temp.tp_passed);
  f bigint := (select case when is_called then last_value else 0 end from pg_temp.tp_failed);
begin
  raise notice 'RESULT: % passed, % failed', p, f;
  drop function pg_temp.tp_check(boolean, text);
  drop sequence pg_temp.tp_passed;
  drop sequence pg_temp.tp_failed;
end
$$;
