-- =============================================================================
-- client-id-backfill / 002_add_client_id.sql            (up, phase 1 step 2)
--
-- Puts a client_id on every data table, in the safe order:
--   1. add the column NULLABLE (no table rewrite, no lock held for long)
--   2. create the 'default-org' client and make every user a member
--   3. backfill parents first, children from their parent (sales_entries in
--      batches, with progress notices)
--   4. refuse to go on if a row is still NULL; then NOT NULL, foreign keys
--   5. client-scoped uniqueness and composite indexes (client_id first)
--   6. a column default so that code which does not send client_id yet
--      keeps working (everything it writes lands in 'default-org')
-- =============================================================================

insert into public.migration_log (phase, operation, status)
values ('phase_1', 'add_client_id', 'started');

-- 1. Nullable columns
alter table public.users add column client_id uuid;

alter table public.uploads add column client_id uuid;

alter table public.products add column client_id uuid;

alter table public.sales_entries add column client_id uuid;

alter table public.processing_logs add column client_id uuid;

alter table public.email_logs add column client_id uuid;

-- 2. The client that owns everything that exists today
insert into public.organizations (name, slug, settings)
values ('Default Organization', 'default-org', '{"created_by": "phase_1 migration"}'::jsonb)
on conflict (slug) do nothing;

insert into public.user_organizations (user_id, organization_id, role, is_active)
select
  u.id,
  o.id,
  case u.role when 'admin' then 'admin' when 'viewer' then 'viewer' else 'member' end,
  u.is_active
from public.users u
cross join public.organizations o
where o.slug = 'default-org'
on conflict (user_id, organization_id) do nothing;

-- 3. Backfill: users and products belong to the default client; every other
--    table takes the client of the row it hangs off.
update public.users
   set client_id = (select id from public.organizations where slug = 'default-org')
 where client_id is null;

update public.products
   set client_id = (select id from public.organizations where slug = 'default-org')
 where client_id is null;

update public.uploads up
   set client_id = u.client_id
  from public.users u
 where u.id = up.user_id
   and up.client_id is null;

-- The biggest table goes in batches of 200 ids, each an index range scan (one
-- DO block is one transaction: on a big table, run the batches as separate ones).
do $$
declare
  batch constant int := 200;
  n     bigint;
  done  bigint := 0;
  total bigint := (select count(*) from public.sales_entries where client_id is null);
  upto  bigint := (select coalesce(max(id), 0) from public.sales_entries);
begin
  for lo in 0 .. upto by batch loop
    update public.sales_entries s
       set client_id = up.client_id
      from public.uploads up
     where up.id = s.upload_id
       and up.client_id is not null
       and s.id > lo
       and s.id <= lo + batch
       and s.client_id is null;
    get diagnostics n = row_count;
    continue when n = 0;
    done := done + n;
    raise notice 'sales_entries: % of % rows backfilled', done, total;
  end loop;
end
$$;

update public.processing_logs l
   set client_id = up.client_id
  from public.uploads up
 where up.id = l.upload_id
   and l.client_id is null;

-- System mails have no user: they belong to the default client as well.
update public.email_logs e
   set client_id = coalesce(
         (select u.client_id from public.users u where u.id = e.user_id),
         (select id from public.organizations where slug = 'default-org'))
 where e.client_id is null;

-- 4. Nothing may be left behind.
do $$
declare
  t       text;
  missing bigint;
  summary jsonb := '{}'::jsonb;
begin
  foreach t in array array['users', 'uploads', 'products', 'sales_entries', 'processing_logs', 'email_logs'] loop
    execute format('select count(*) from public.%I where client_id is null', t) into missing;
    if missing > 0 then
      insert into public.migration_log (phase, operation, status, details)
      values ('phase_1', 'add_client_id', 'failed', jsonb_build_object('table', t, 'rows_without_client_id', missing));
      raise exception '%: % rows still have no client_id', t, missing;
    end if;
    execute format('select count(*) from public.%I', t) into missing;
    summary := summary || jsonb_build_object(t, missing);
  end loop;
  insert into public.migration_log (phase, operation, status, details)
  values ('phase_1', 'backfill_client_id', 'completed', jsonb_build_object('rows', summary));
end
$$;

alter table public.users alter column client_id set not null;

alter table public.uploads alter column client_id set not null;

alter table public.products alter column client_id set not null;

alter table public.sales_entries alter column client_id set not null;

alter table public.processing_logs alter column client_id set not null;

alter table public.email_logs alter column client_id set not null;

alter table public.users
  add constraint users_client_id_fkey foreign key (client_id) references public.organizations (id);

alter table public.uploads
  add constraint uploads_client_id_fkey foreign key (client_id) references public.organizations (id);

alter table public.products
  add constraint products_client_id_fkey foreign key (client_id) references public.organizations (id);

alter table public.sales_entries
  add constraint sales_entries_client_id_fkey foreign key (client_id) references public.organizations (id);

alter table public.processing_logs
  add constraint processing_logs_client_id_fkey foreign key (client_id) references public.organizations (id);

alter table public.email_logs
  add constraint email_logs_client_id_fkey foreign key (client_id) references public.organizations (id);

-- 5. An EAN is unique per client now, not globally: two clients may well sell
--    the same product.
alter table public.products drop constraint products_ean_key;

alter table public.products
  add constraint products_client_id_ean_key unique (client_id, ean);

-- Children can only point at parents of the same client.
alter table public.uploads
  add constraint uploads_id_client_id_key unique (id, client_id);

alter table public.products
  add constraint products_id_client_id_key unique (id, client_id);

alter table public.sales_entries
  add constraint sales_entries_upload_same_client_fkey
  foreign key (upload_id, client_id) references public.uploads (id, client_id) on delete cascade;

alter table public.sales_entries
  add constraint sales_entries_product_same_client_fkey
  foreign key (product_id, client_id) references public.products (id, client_id);

alter table public.processing_logs
  add constraint processing_logs_upload_same_client_fkey
  foreign key (upload_id, client_id) references public.uploads (id, client_id) on delete cascade;

create index users_client_id_idx on public.users (client_id);

create index uploads_client_id_created_at_idx on public.uploads (client_id, created_at desc);

create index sales_entries_client_id_year_month_idx on public.sales_entries (client_id, year, month);

create index sales_entries_client_id_created_at_idx on public.sales_entries (client_id, created_at);

create index processing_logs_client_id_created_at_idx on public.processing_logs (client_id, created_at);

create index email_logs_client_id_created_at_idx on public.email_logs (client_id, created_at);

-- 6. Backward compatibility: inserts that do not name a client go to the
--    default one, until the application sends client_id everywhere (phase 3).
create or replace function public.default_client_id() returns uuid
language sql
stable
as $$
  select o.id from public.organizations o where o.slug = 'default-org';
$$;

alter table public.users alter column client_id set default public.default_client_id();

alter table public.uploads alter column client_id set default public.default_client_id();

alter table public.products alter column client_id set default public.default_client_id();

alter table public.sales_entries alter column client_id set default public.default_client_id();

alter table public.processing_logs alter column client_id set default public.default_client_id();

alter table public.email_logs alter column client_id set default public.default_client_id();

-- The dashboard view learns about clients (new columns can only go last).
create or replace view public.monthly_sales as
select
  s.year,
  s.month,
  p.brand,
  p.category,
  sum(s.quantity) as units,
  sum(s.revenue)  as revenue,
  s.client_id
from public.sales_entries s
join public.products p on p.id = s.product_id and p.client_id = s.client_id
group by s.client_id, s.year, s.month, p.brand, p.category;

insert into public.migration_log (phase, operation, status)
values ('phase_1', 'add_client_id', 'completed');
