-- =============================================================================
-- client-id-backfill / validate_phase_1.sql             (validation)
--
-- Checks phase 1 (001-003) on top of baseline.sql + seed.sql. Every check
-- prints NOTICE "PASS: <what>" or "FAIL: <what>"; the last statement prints
-- "RESULT: <n> passed, <m> failed". Checks that write run between a top-level
-- `begin;` and `rollback;` (explicit ids are used for identity columns so that
-- no sequence moves either): the data is left exactly as it was found.
--
-- No statement here catches an error or raises one on purpose: some engines
-- cannot catch errors inside PL/pgSQL, so a check that provoked an error
-- would stop the run (a failing check prints FAIL instead). Unique keys are
-- probed with INSERT ... ON CONFLICT DO NOTHING (a refused duplicate inserts 0
-- rows); foreign keys, whose violation cannot be avoided that way, are
-- evaluated on the would-be row (pg_temp.tp_fk_violations) instead of being
-- provoked.
--
-- The PASS / FAIL counts live in two temporary sequences: nextval() is not
-- undone by a rollback, so checks made inside a rolled back transaction still
-- count. Helpers live in pg_temp; the last statement drops all of them.
-- =============================================================================

-- Counters (restarted in case of an interrupted run in the same session).
create temporary sequence if not exists tp_passed;

create temporary sequence if not exists tp_failed;

alter sequence pg_temp.tp_passed restart;

alter sequence pg_temp.tp_failed restart;

create or replace function pg_temp.tp_check(ok boolean, what text) returns void
language plpgsql
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

-- The foreign keys of tbl that this row (jsonb, column => value; missing
-- columns are NULL) would violate: the referenced row does not exist and the
-- key is not exempt by a NULL (MATCH SIMPLE: any NULL, MATCH FULL: all NULL).
create or replace function pg_temp.tp_fk_violations(tbl regclass, new_row jsonb) returns text[]
language plpgsql
as $$
declare
  k record;
  ok boolean;
  bad text[] := '{}';
begin
  for k in
    select con.conname, con.confrelid::regclass as ref, con.confmatchtype, count(*) as ncols,
           string_agg(format('n.%I', a.attname), ', ' order by c.i) as cols,
           string_agg(format('r.%I', ra.attname), ', ' order by c.i) as ref_cols
    from pg_constraint con
    cross join lateral unnest(con.conkey, con.confkey) with ordinality as c(attnum, ref_attnum, i)
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = c.attnum
    join pg_attribute ra on ra.attrelid = con.confrelid and ra.attnum = c.ref_attnum
    where con.conrelid = tbl and con.contype = 'f'
    group by con.oid, con.conname, con.confrelid, con.confmatchtype
    order by con.conname
  loop
    execute format(
      'select case when num_nulls(%1$s) = %2$s then true '
      '            when num_nulls(%1$s) > 0 then %3$L <> ''f'' '
      '            else exists (select 1 from %4$s r where (%5$s) = (%1$s)) end '
      'from jsonb_populate_record(null::%6$s, $1) as n',
      k.cols, k.ncols, k.confmatchtype, k.ref, k.ref_cols, tbl)
      into ok using new_row;
    if not ok then
      bad := bad || k.conname::text;
    end if;
  end loop;
  return bad;
end;
$$;

-- -----------------------------------------------------------------------------
-- Schema
-- -----------------------------------------------------------------------------
do $$
begin
  perform pg_temp.tp_check(
    to_regclass('public.organizations') is not null
      and to_regclass('public.user_organizations') is not null
      and to_regclass('public.migration_log') is not null,
    'tables organizations, user_organizations, migration_log exist');
end
$$;

do $$
declare
  t text;
begin
  foreach t in array array['users', 'uploads', 'products', 'sales_entries', 'processing_logs', 'email_logs'] loop
    perform pg_temp.tp_check(
      exists (select 1 from information_schema.columns c
              where c.table_schema = 'public' and c.table_name = t and c.column_name = 'client_id'
                and c.data_type = 'uuid' and c.is_nullable = 'NO')
      and exists (select 1 from pg_constraint k
                  join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
                  where k.conrelid = format('public.%I', t)::regclass and k.contype = 'f'
                    and k.confrelid = 'public.organizations'::regclass and a.attname = 'client_id')
      and exists (select 1 from pg_index i
                  join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
                  where i.indrelid = format('public.%I', t)::regclass and a.attname = 'client_id'),
      format('%s.client_id is uuid NOT NULL, references organizations, leads an index', t));
  end loop;
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    exists (select 1 from pg_constraint where conname = 'products_client_id_ean_key' and contype = 'u')
    and not exists (select 1 from pg_index i
                    where i.indrelid = 'public.products'::regclass and i.indisunique
                      and i.indnatts = 1
                      and i.indkey[0] = (select attnum from pg_attribute
                                         where attrelid = 'public.products'::regclass and attname = 'ean')),
    'EANs are unique per client, no longer globally');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select count(*) from pg_constraint
     where contype = 'f'
       and conname in ('sales_entries_upload_same_client_fkey', 'sales_entries_product_same_client_fkey',
                       'processing_logs_upload_same_client_fkey')) = 3,
    'composite foreign keys keep sales entries and logs in the client of their upload and product');
end
$$;

-- -----------------------------------------------------------------------------
-- Data
-- -----------------------------------------------------------------------------
do $$
begin
  perform pg_temp.tp_check(
    (select count(*) from public.organizations where slug = 'default-org') = 1
    and (select count(*) from public.organizations) = 1,
    'exactly one organization exists: default-org');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select count(*) from public.user_organizations uo
     join public.organizations o on o.id = uo.organization_id and o.slug = 'default-org') = 8
    and (select count(*) from public.user_organizations where role = 'admin') = 1
    and (select count(*) from public.user_organizations where role = 'viewer') = 2
    and (select count(*) from public.user_organizations where not is_active) = 1,
    'all 8 users are members of default-org, with roles and active flags carried over');
end
$$;

do $$
declare
  r record;
  n bigint;
begin
  for r in
    select * from (values ('users', 8), ('products', 40), ('uploads', 24), ('sales_entries', 550),
                          ('processing_logs', 68), ('email_logs', 32)) as v (tbl, expected)
  loop
    execute format('select count(*) from public.%I', r.tbl) into n;
    perform pg_temp.tp_check(n = r.expected, format('%s still has its %s seed rows (found %s)', r.tbl, r.expected, n));
  end loop;
end
$$;

do $$
declare
  t text;
  n bigint;
  total bigint := 0;
begin
  foreach t in array array['users', 'uploads', 'products', 'sales_entries', 'processing_logs', 'email_logs'] loop
    execute format('select count(*) from public.%I where client_id is null', t) into n;
    total := total + n;
  end loop;
  perform pg_temp.tp_check(total = 0, 'no row has a NULL client_id');
end
$$;

do $$
declare
  checks int;
  failed text;
begin
  select count(*), string_agg(check_name || ' (' || offending_rows || ')', ', ') filter (where not passed)
    into checks, failed
  from public.validate_client_data_integrity();
  perform pg_temp.tp_check(checks = 12 and failed is null,
    format('validate_client_data_integrity(): %s invariants hold%s', checks, coalesce(', except ' || failed, '')));
end
$$;

do $$
declare
  default_org uuid := (select id from public.organizations where slug = 'default-org');
  maria uuid := (select id from public.users where email = 'maria@acme-retail.example');
begin
  perform pg_temp.tp_check(
    public.get_user_organization_id(maria) = default_org
    and public.get_user_organization_id(gen_random_uuid()) is null,
    'get_user_organization_id() finds the client of a user, null for an unknown user');
end
$$;

do $$
declare
  default_org uuid := (select id from public.organizations where slug = 'default-org');
  maria uuid := (select id from public.users where email = 'maria@acme-retail.example');
  felix uuid := (select id from public.users where email = 'felix@acme-retail.example');
begin
  perform pg_temp.tp_check(
    public.validate_client_access(maria, default_org)
    and not public.validate_client_access(felix, default_org)
    and not public.validate_client_access(maria, gen_random_uuid()),
    'validate_client_access(): yes for an active member, no for an inactive user or another client');
end
$$;

-- Code that does not send client_id yet keeps working.
begin;

do $$
declare
  default_org uuid := (select id from public.organizations where slug = 'default-org');
  maria uuid := (select id from public.users where email = 'maria@acme-retail.example');
  got uuid;
begin
  insert into public.uploads (user_id, filename, file_size, retailer)
  values (maria, 'legacy_client.csv', 100, 'Rewe')
  returning client_id into got;
  perform pg_temp.tp_check(got = default_org,
    'an insert without client_id lands in default-org (backward compatible)');
end
$$;

rollback;

-- A second client: may reuse an EAN, may not have it twice, may not point at
-- the first client's rows.
begin;

do $$
declare
  maria uuid := (select id from public.users where email = 'maria@acme-retail.example');
  some_product public.products%rowtype;
  client_b uuid;
  upload_b uuid;
  reused int;
  duplicated int;
  cross_row jsonb;
  own_row jsonb;
  cross_violates text[];
  own_violates text[];
begin
  select * into some_product from public.products order by id limit 1;
  insert into public.organizations (name, slug) values ('Client B', 'client-b') returning id into client_b;

  -- ON CONFLICT DO NOTHING (no target: any unique key) skips what a unique
  -- key refuses, without an error.
  with i as (
    insert into public.products (id, client_id, ean, name, brand, category, unit_price)
    overriding system value
    values (900001, client_b, some_product.ean, some_product.name, some_product.brand, some_product.category, 1.99)
    on conflict do nothing
    returning 1)
  select count(*) into reused from i;
  with i as (
    insert into public.products (id, client_id, ean, name, brand, category, unit_price)
    overriding system value
    values (900002, client_b, some_product.ean, 'Duplicate', 'X', 'Y', 1.00)
    on conflict do nothing
    returning 1)
  select count(*) into duplicated from i;
  perform pg_temp.tp_check(reused = 1,
    'another client may reuse an EAN of the first client');
  perform pg_temp.tp_check(reused = 1 and duplicated = 0,
    'the same client may not have an EAN twice');

  insert into public.uploads (user_id, client_id, filename, file_size, retailer)
  values (maria, client_b, 'client_b.csv', 100, 'Edeka')
  returning id into upload_b;
  -- A sales entry of client B for the first client's product, and one for its
  -- own product: the first would fail a foreign key (an error), so the keys
  -- are evaluated on both rows.
  cross_row := jsonb_build_object('id', 900001, 'upload_id', upload_b, 'client_id', client_b,
    'product_id', some_product.id, 'ean', some_product.ean, 'store_code', 'S001',
    'year', 2024, 'month', 1, 'quantity', 1, 'revenue', 1.00);
  own_row := cross_row || jsonb_build_object('product_id', 900001);
  cross_violates := pg_temp.tp_fk_violations('public.sales_entries', cross_row);
  own_violates := pg_temp.tp_fk_violations('public.sales_entries', own_row);
  perform pg_temp.tp_check(
    cross_violates = array['sales_entries_product_same_client_fkey'] and own_violates = '{}',
    format('a sales entry cannot point at another client''s product (foreign keys violated: %s; with its own product: %s)',
           cross_violates, own_violates));
end
$$;

rollback;

do $$
begin
  perform pg_temp.tp_check(
    exists (select 1 from information_schema.columns
            where table_schema = 'public' and table_name = 'monthly_sales' and column_name = 'client_id')
    and (select sum(revenue) from public.monthly_sales)
        = (select sum(revenue) from public.sales_entries where product_id is not null),
    'monthly_sales has client_id and the same revenue total as before');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select count(distinct operation) from public.migration_log
     where phase = 'phase_1' and status = 'completed'
       and operation in ('create_organization_tables', 'add_client_id', 'backfill_client_id', 'utility_functions')) = 4
    and not exists (select 1 from public.migration_log where status = 'failed'),
    'migration_log records every phase 1 step as completed, nothing failed');
end
$$;

-- -----------------------------------------------------------------------------
-- Summary (and clean-up of the helpers)
-- -----------------------------------------------------------------------------
do $$
declare
  p bigint := (select case when is_called then last_value else 0 end from pg_temp.tp_passed);
  f bigint := (select case when is_called then last_value else 0 end from pg_temp.tp_failed);
begin
  raise notice 'RESULT: % passed, % failed', p, f;
  drop function pg_temp.tp_check(boolean, text);
  drop function pg_temp.tp_fk_violations(regclass, jsonb);
  drop sequence pg_temp.tp_passed;
  drop sequence pg_temp.tp_failed;
end
$$;
