-- =============================================================================
-- client-id-backfill / validate_phase_1.sql             (validation)
--
-- Checks phase 1 (001-003) on top of baseline.sql + seed.sql. Every check
-- prints NOTICE "PASS: <what>" or "FAIL: <what>"; the last statement prints
-- "RESULT: <n> passed, <m> failed". Checks that write do it inside a
-- sub-block that ends by raising the private SQLSTATE 'TPRB0', which undoes
-- the writes (explicit ids are used for identity columns so that no sequence
-- moves either): the data is left exactly as it was found.
-- =============================================================================

create temporary table if not exists tp_checks (
  n    serial primary key,
  ok   boolean not null,
  what text not null
);

-- Left over from an interrupted run in the same session?
truncate pg_temp.tp_checks;

create or replace function pg_temp.tp_check(ok boolean, what text) returns void
language plpgsql
as $$
begin
  insert into pg_temp.tp_checks (ok, what) values (coalesce(ok, false), what);
  if coalesce(ok, false) then
    raise notice 'PASS: %', what;
  else
    raise notice 'FAIL: %', what;
  end if;
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
do $$
declare
  default_org uuid := (select id from public.organizations where slug = 'default-org');
  maria uuid := (select id from public.users where email = 'maria@acme-retail.example');
  got uuid;
  err text;
begin
  begin
    insert into public.uploads (user_id, filename, file_size, retailer)
    values (maria, 'legacy_client.csv', 100, 'Rewe')
    returning client_id into got;
    raise exception using errcode = 'TPRB0', message = 'undo';
  exception
    when sqlstate 'TPRB0' then null;
    when others then err := sqlerrm;
  end;
  perform pg_temp.tp_check(err is null and got = default_org,
    'an insert without client_id lands in default-org (backward compatible)');
  if err is not null then
    perform pg_temp.tp_check(false, 'unexpected error: ' || err);
  end if;
end
$$;

-- A second client: may reuse an EAN, may not point at the first client's rows.
do $$
declare
  maria uuid := (select id from public.users where email = 'maria@acme-retail.example');
  some_product public.products%rowtype;
  client_b uuid;
  upload_b uuid;
  reuse_ok boolean := false;
  duplicate_blocked boolean := false;
  cross_blocked boolean := false;
  err text;
begin
  select * into some_product from public.products order by id limit 1;
  begin
    insert into public.organizations (name, slug) values ('Client B', 'client-b') returning id into client_b;
    insert into public.products (id, client_id, ean, name, brand, category, unit_price)
    overriding system value
    values (900001, client_b, some_product.ean, some_product.name, some_product.brand, some_product.category, 1.99);
    reuse_ok := true;
    begin
      insert into public.products (id, client_id, ean, name, brand, category, unit_price)
      overriding system value
      values (900002, client_b, some_product.ean, 'Duplicate', 'X', 'Y', 1.00);
    exception when unique_violation then
      duplicate_blocked := true;
    end;
    insert into public.uploads (user_id, client_id, filename, file_size, retailer)
    values (maria, client_b, 'client_b.csv', 100, 'Edeka')
    returning id into upload_b;
    begin
      insert into public.sales_entries (id, upload_id, client_id, product_id, ean, store_code, year, month, quantity, revenue)
      overriding system value
      values (900001, upload_b, client_b, some_product.id, some_product.ean, 'S001', 2024, 1, 1, 1.00);
    exception when foreign_key_violation then
      cross_blocked := true;
    end;
    raise exception using errcode = 'TPRB0', message = 'undo';
  exception
    when sqlstate 'TPRB0' then null;
    when others then err := sqlerrm;
  end;
  perform pg_temp.tp_check(err is null and reuse_ok and duplicate_blocked,
    'another client may reuse an EAN, the same client may not have it twice');
  perform pg_temp.tp_check(err is null and cross_blocked,
    'a sales entry cannot point at another client''s product');
  if err is not null then
    perform pg_temp.tp_check(false, 'unexpected error: ' || err);
  end if;
end
$$;

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
-- Summary
-- -----------------------------------------------------------------------------
do $$
declare
  p int;
  f int;
begin
  select count(*) filter (where ok), count(*) filter (where not ok) into p, f from pg_temp.tp_checks;
  raise notice 'RESULT: % passed, % failed', p, f;
  drop function pg_temp.tp_check(boolean, text);
  drop table pg_temp.tp_checks;
end
$$;
