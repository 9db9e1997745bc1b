-- =============================================================================
-- client-id-backfill / seed.sql
--
-- Deterministic data for the single-tenant baseline (no random(): ids are
-- md5-derived uuids or identity values, timestamps are computed from fixed
-- dates):
--   users 8, products 40, uploads 24 (22 processed, 1 failed, 1 pending),
--   sales_entries 550, processing_logs 68, email_logs 32.
-- =============================================================================

insert into public.users (id, email, full_name, role, is_active, last_login, created_at, updated_at)
select
  md5('user' || i)::uuid,
  lower(split_part(u.full_name, ' ', 1)) || '@acme-retail.example',
  u.full_name,
  u.role,
  i <> 8,
  case when i <> 8 then timestamptz '2024-12-20 09:00:00+00' - i * interval '26 hours' end,
  timestamptz '2023-11-01 10:00:00+00' + i * interval '216 hours',
  timestamptz '2023-11-01 10:00:00+00' + i * interval '216 hours'
from unnest(
  array['Maria Schmidt', 'Tom Becker', 'Lena Vogel', 'Jonas Wolf', 'Sara Klein', 'Paul Richter', 'Nina Brandt', 'Felix Hahn'],
  array['admin',         'analyst',    'analyst',    'analyst',    'viewer',     'analyst',      'viewer',      'analyst']
) with ordinality as u (full_name, role, i);

insert into public.products (ean, name, brand, category, unit_price, is_active, created_at, updated_at)
select
  '590' || lpad((1000000 + i * 7919)::text, 10, '0'),
  (array['Oat drink', 'Almond drink', 'Granola', 'Muesli', 'Dark chocolate', 'Espresso beans', 'Green tea', 'Rice cakes'])[1 + (i - 1) % 8]
    || ' ' || (array['250 g', '500 g', '1 l', '6-pack', '100 g'])[1 + (i - 1) / 8],
  (array['Nordgut', 'Alpenfeld', 'Bio Sonne', 'Frischhof', 'Kaffeerad'])[1 + i % 5],
  (array['Drinks', 'Breakfast', 'Snacks', 'Hot drinks'])[1 + (i - 1) % 4],
  round(1.49 + (i * 37 % 200) / 20.0, 2),
  i % 13 <> 0,
  timestamptz '2023-11-15 08:00:00+00' + i * interval '1 hour',
  timestamptz '2023-11-15 08:00:00+00' + i * interval '1 hour'
from generate_series(1, 40) as i
order by i;

insert into public.uploads (id, user_id, filename, file_size, mime_type, retailer, status, row_count, created_at, processed_at)
select
  md5('upload' || i)::uuid,
  md5('user' || (1 + i % 6))::uuid,
  lower(r.retailer) || '_sellout_2024_' || lpad((1 + ((i - 1) / 2) % 12)::text, 2, '0') || '_' || i || '.csv',
  18000 + i * 1234,
  case when i % 5 = 0 then 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' else 'text/csv' end,
  r.retailer,
  case i when 23 then 'failed' when 24 then 'pending' else 'processed' end,
  case when i < 23 then 25 end,
  timestamptz '2024-01-05 07:30:00+00' + (i - 1) * interval '168 hours',
  case when i < 23 then timestamptz '2024-01-05 07:30:00+00' + (i - 1) * interval '168 hours' + interval '4 minutes' end
from generate_series(1, 24) as i
cross join lateral (select (array['Rewe', 'Edeka', 'Kaufland', 'dm'])[1 + i % 4] as retailer) as r;

-- 25 lines per processed upload; the last line of each has an EAN that is not
-- in the catalogue (product_id null), as real retailer files do.
insert into public.sales_entries (upload_id, product_id, ean, store_code, year, month, quantity, revenue, created_at)
select
  u.id,
  p.id,
  coalesce(p.ean, '0000000' || lpad(u.i::text, 6, '0')),
  'S' || lpad((1 + (u.i + r) % 12)::text, 3, '0'),
  2024,
  1 + ((u.i - 1) / 2) % 12,
  1 + (u.i * r * 13) % 50,
  coalesce(p.unit_price, 2.00) * (1 + (u.i * r * 13) % 50),
  u.processed_at
from (
  select up.*, row_number() over (order by up.created_at) as i
  from public.uploads up
) as u
cross join generate_series(1, 25) as r
left join public.products p on r < 25 and p.id = 1 + (u.i * 31 + r * 7) % 40
where u.status = 'processed'
order by u.i, r;

insert into public.processing_logs (upload_id, step, level, message, created_at)
select
  u.id,
  s.step,
  case
    when u.status = 'failed' and s.step = 'match' then 'error'
    when u.status = 'processed' and s.step = 'match' then 'warning'
    else 'info'
  end,
  case
    when u.status = 'failed' and s.step = 'match' then 'column "EAN" not found in sheet 1'
    when s.step = 'parse' then 'parsed ' || coalesce(u.row_count, 0) || ' rows'
    when s.step = 'match' then '1 unknown EAN'
    else 'loaded ' || u.row_count || ' sales entries'
  end,
  u.created_at + s.n * interval '1 minute'
from public.uploads u
cross join lateral (
  select * from (values (1, 'parse'), (2, 'match'), (3, 'load')) as v (n, step)
  where u.status = 'processed' or (u.status = 'failed' and v.n <= 2)
) as s
order by u.created_at, s.n;

insert into public.email_logs (user_id, recipient, subject, template, status, sent_at, created_at)
select e.user_id, e.recipient, e.subject, e.template, e.status, e.sent_at, e.created_at
from (
  select
    u.id as user_id, u.email as recipient, 'Welcome to Sellout Insights' as subject, 'welcome' as template,
    'sent' as status, u.created_at + interval '1 minute' as sent_at, u.created_at as created_at
  from public.users u
  union all
  select
    up.user_id, us.email, 'Your upload ' || up.filename || ' was processed', 'upload_processed',
    case when up.created_at = timestamptz '2024-03-01 07:30:00+00' then 'bounced' else 'sent' end,
    up.processed_at + interval '1 minute', up.processed_at
  from public.uploads up
  join public.users us on us.id = up.user_id
  where up.status = 'processed'
  union all
  select null, 'ops@acme-retail.example', 'Weekly import summary', 'ops_summary', 'sent',
         timestamptz '2024-06-03 06:00:00+00' + w * interval '168 hours',
         timestamptz '2024-06-03 06:00:00+00' + w * interval '168 hours'
  from generate_series(0, 1) as w
) as e
order by e.created_at, e.recipient;
