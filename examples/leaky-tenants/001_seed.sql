-- =============================================================================
-- leaky-tenants / 001_seed.sql
--
-- Three users with fixed UUIDs, their contacts, notes and invoices. Derived ids
-- are md5-based and timestamps fixed: the same data on every run.
--
--   alice  a1111111-1111-4111-8111-111111111111   3 contacts, 3 notes, 2 invoices
--   bob    b2222222-2222-4222-8222-222222222222   2 contacts, 2 notes, 2 invoices
--   carol  c3333333-3333-4333-8333-333333333333   1 contact,  1 note,  no invoices
-- =============================================================================

insert into auth.users (id, aud, role, email, created_at, updated_at)
values
  ('a1111111-1111-4111-8111-111111111111', 'authenticated', 'authenticated', 'alice@example.com', '2024-10-01 09:00:00+00', '2024-10-01 09:00:00+00'),
  ('b2222222-2222-4222-8222-222222222222', 'authenticated', 'authenticated', 'bob@example.com',   '2024-10-02 10:00:00+00', '2024-10-02 10:00:00+00'),
  ('c3333333-3333-4333-8333-333333333333', 'authenticated', 'authenticated', 'carol@example.com', '2024-10-03 11:00:00+00', '2024-10-03 11:00:00+00');

insert into public.contacts (id, owner_id, name, email, phone, created_at)
select md5('contact:' || c.key)::uuid, c.owner::uuid, c.name, c.email, c.phone, c.at::timestamptz
from (values
  ('alice-1', 'a1111111-1111-4111-8111-111111111111', 'Hartmann GmbH',    'office@hartmann.example', '+49 30 1234567', '2024-10-05 08:00:00+00'),
  ('alice-2', 'a1111111-1111-4111-8111-111111111111', 'Lumen Studio',     'hello@lumen.example',     null,             '2024-10-06 08:00:00+00'),
  ('alice-3', 'a1111111-1111-4111-8111-111111111111', 'Dr. Iris Vogel',   null,                      '+49 89 7654321', '2024-10-07 08:00:00+00'),
  ('bob-1',   'b2222222-2222-4222-8222-222222222222', 'Northwind Traders','buy@northwind.example',   null,             '2024-10-08 08:00:00+00'),
  ('bob-2',   'b2222222-2222-4222-8222-222222222222', 'Kasia Nowak',      'kasia@nowak.example',     '+48 22 5550101', '2024-10-09 08:00:00+00'),
  ('carol-1', 'c3333333-3333-4333-8333-333333333333', 'Riverside Clinic', 'admin@riverside.example', null,             '2024-10-10 08:00:00+00')
) as c (key, owner, name, email, phone, at);

insert into public.notes (id, owner_id, contact_id, title, body, created_at)
select md5('note:' || n.key)::uuid, n.owner::uuid, md5('contact:' || n.contact)::uuid, n.title, n.body, n.at::timestamptz
from (values
  ('alice-1', 'a1111111-1111-4111-8111-111111111111', 'alice-1', 'Kick-off call',     'Wants the quote by Friday.',        '2024-10-11 09:00:00+00'),
  ('alice-2', 'a1111111-1111-4111-8111-111111111111', 'alice-2', 'Logo feedback',     'Second round: warmer colours.',     '2024-10-12 09:00:00+00'),
  ('alice-3', 'a1111111-1111-4111-8111-111111111111', 'alice-3', 'Private',           'Referred by Lumen.',                '2024-10-13 09:00:00+00'),
  ('bob-1',   'b2222222-2222-4222-8222-222222222222', 'bob-1',   'Payment terms',     'Net 30, paid late twice.',          '2024-10-14 09:00:00+00'),
  ('bob-2',   'b2222222-2222-4222-8222-222222222222', 'bob-2',   'Translation job',   'Polish to English, 12 pages.',      '2024-10-15 09:00:00+00'),
  ('carol-1', 'c3333333-3333-4333-8333-333333333333', 'carol-1', 'Website questions', 'Needs an accessible booking form.', '2024-10-16 09:00:00+00')
) as n (key, owner, contact, title, body, at);

insert into public.invoices (id, owner_id, contact_id, number, status, amount_cents, issued_on, created_at)
select md5('invoice:' || i.number)::uuid, i.owner::uuid, md5('contact:' || i.contact)::uuid, i.number, i.status, i.amount, i.issued::date, i.issued::timestamptz
from (values
  ('A-2024-001', 'a1111111-1111-4111-8111-111111111111', 'alice-1', 'paid',  480000, '2024-10-20'),
  ('A-2024-002', 'a1111111-1111-4111-8111-111111111111', 'alice-2', 'sent',  125000, '2024-11-02'),
  ('B-0017',     'b2222222-2222-4222-8222-222222222222', 'bob-1',   'paid',   99000, '2024-10-25'),
  ('B-0018',     'b2222222-2222-4222-8222-222222222222', 'bob-2',   'draft',  36000, '2024-11-05')
) as i (number, owner, contact, status, amount, issued);
