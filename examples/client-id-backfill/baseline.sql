-- =============================================================================
-- client-id-backfill / baseline.sql
--
-- The existing single-tenant schema of a sell-out reporting tool: users upload
-- retailer spreadsheets, each upload is parsed into sales_entries against a
-- product catalogue, and every step is logged. Nothing knows about clients yet:
-- the whole database belongs to one customer.
--
-- Plain PostgreSQL ("postgres" profile): no Supabase roles or schemas.
-- =============================================================================

create table public.users (
  id         uuid primary key default gen_random_uuid(),
  email      text not null constraint users_email_key unique,
  full_name  text not null,
  role       text not null default 'analyst' constraint users_role_check check (role in ('admin', 'analyst', 'viewer')),
  is_active  boolean not null default true,
  last_login timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.uploads (
  id           uuid primary key default gen_random_uuid(),
  user_id      uuid not null references public.users (id),
  filename     text not null,
  file_size    bigint not null constraint uploads_file_size_check check (file_size >= 0),
  mime_type    text not null default 'text/csv',
  retailer     text not null,
  status       text not null default 'pending'
               constraint uploads_status_check check (status in ('pending', 'processing', 'processed', 'failed')),
  row_count    integer,
  created_at   timestamptz not null default now(),
  processed_at timestamptz
);

create index uploads_user_id_created_at_idx on public.uploads (user_id, created_at desc);

create index uploads_status_idx on public.uploads (status) where status <> 'processed';

create table public.products (
  id         bigint generated always as identity primary key,
  ean        text not null constraint products_ean_key unique,
  name       text not null,
  brand      text not null,
  category   text not null,
  unit_price numeric(10, 2) not null constraint products_unit_price_check check (unit_price >= 0),
  is_active  boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index products_category_idx on public.products (category);

create table public.sales_entries (
  id         bigint generated always as identity primary key,
  upload_id  uuid not null references public.uploads (id) on delete cascade,
  product_id bigint references public.products (id),
  ean        text not null,
  store_code text not null,
  year       smallint not null,
  month      smallint not null constraint sales_entries_month_check check (month between 1 and 12),
  quantity   integer not null,
  revenue    numeric(12, 2) not null,
  created_at timestamptz not null default now()
);

create index sales_entries_upload_id_idx on public.sales_entries (upload_id);

create index sales_entries_year_month_idx on public.sales_entries (year, month);

create index sales_entries_product_id_idx on public.sales_entries (product_id);

create table public.processing_logs (
  id         bigint generated always as identity primary key,
  upload_id  uuid not null references public.uploads (id) on delete cascade,
  step       text not null,
  level      text not null default 'info' constraint processing_logs_level_check check (level in ('info', 'warning', 'error')),
  message    text not null,
  created_at timestamptz not null default now()
);

create index processing_logs_upload_id_created_at_idx on public.processing_logs (upload_id, created_at);

create table public.email_logs (
  id         bigint generated always as identity primary key,
  user_id    uuid references public.users (id) on delete set null,
  recipient  text not null,
  subject    text not null,
  template   text not null,
  status     text not null default 'queued' constraint email_logs_status_check check (status in ('queued', 'sent', 'bounced')),
  sent_at    timestamptz,
  created_at timestamptz not null default now()
);

create index email_logs_user_id_idx on public.email_logs (user_id);

-- What the dashboard reads.
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
