-- =============================================================================
-- client-id-backfill / phase_1_rollback.sql             (rollback)
--
-- Undoes 003, 002 and 001: back to the single-tenant schema of baseline.sql.
-- The data of the default client is kept as it is; client_id values, the
-- organizations and the memberships are dropped.
--
-- Safety first: if any row belongs to a client other than 'default-org', the
-- rollback stops before changing anything. Merging several clients back into
-- one database (think duplicate EANs) is a decision for a person, not a script.
-- =============================================================================

do $$
declare
  t       text;
  foreign_rows bigint;
begin
  if to_regclass('public.organizations') is null then
    return;
  end if;
  foreach t in array array['users', 'uploads', 'products', 'sales_entries', 'processing_logs', 'email_logs'] loop
    if exists (select 1 from information_schema.columns
               where table_schema = 'public' and table_name = t and column_name = 'client_id') then
      execute format(
        'select count(*) from public.%I x where x.client_id is distinct from (select id from public.organizations where slug = %L)',
        t, 'default-org') into foreign_rows;
      if foreign_rows > 0 then
        raise exception 'rollback refused: % has % rows of clients other than default-org', t, foreign_rows;
      end if;
    end if;
  end loop;
end
$$;

-- 003: utility functions
drop function if exists public.validate_client_data_integrity();

drop function if exists public.validate_client_access(uuid, uuid);

drop function if exists public.get_user_organization_id(uuid);

-- 002: the view depends on sales_entries.client_id; it is recreated at the end
drop view if exists public.monthly_sales;

alter table public.sales_entries drop constraint if exists sales_entries_product_same_client_fkey;

alter table public.sales_entries drop constraint if exists sales_entries_upload_same_client_fkey;

alter table public.processing_logs drop constraint if exists processing_logs_upload_same_client_fkey;

alter table public.products drop constraint if exists products_id_client_id_key;

alter table public.uploads drop constraint if exists uploads_id_client_id_key;

-- EANs are globally unique again (true as long as only one client existed).
alter table public.products drop constraint if exists products_client_id_ean_key;

alter table public.products add constraint products_ean_key unique (ean);

-- Dropping the columns also drops their defaults, foreign keys and indexes.
alter table public.email_logs drop column if exists client_id;

alter table public.processing_logs drop column if exists client_id;

alter table public.sales_entries drop column if exists client_id;

alter table public.products drop column if exists client_id;

alter table public.uploads drop column if exists client_id;

alter table public.users drop column if exists client_id;

drop function if exists public.default_client_id();

-- 001: tenant tables and the log
drop table if exists public.user_organizations;

drop table if exists public.organizations;

drop table if exists public.migration_log;

-- The view as it was in baseline.sql
create view public.monthly_sales as
select
  s.year,
  s.month,
  p.brand,
  p.category,
  sum(s.quantity) as units,
  sum(s.revenue)  as revenue
from public.sales_entries s
join public.products p on p.id = s.product_id
group by s.year, s.month, p.brand, p.category;
