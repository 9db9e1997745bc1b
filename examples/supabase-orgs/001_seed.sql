-- =============================================================================
-- supabase-orgs / 001_seed.sql
--
-- Realistic, deterministic data for the single-tenant baseline: six users
-- (fixed UUIDs), their profiles (made by the on_auth_user_created trigger),
-- 12 projects, 42 tasks, 36 comments, 30 task checklist items, 20 journal
-- entries and three avatars.
-- Ids of derived rows are md5-based uuids, timestamps are fixed: running the
-- seed twice on fresh databases gives identical data. No random().
--
--   alice  11111111-1111-4111-8111-111111111111   4 projects
--   bob    22222222-2222-4222-8222-222222222222   3 projects
--   carol  33333333-3333-4333-8333-333333333333   no projects (journal only)
--   dave   44444444-4444-4444-8444-444444444444   3 projects
--   erin   55555555-5555-4555-8555-555555555555   2 projects
--   frank  66666666-6666-4666-8666-666666666666   signed up, never confirmed, no data
-- =============================================================================

insert into auth.users
  (id, aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at,
   raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
select
  u.id::uuid,
  'authenticated',
  'authenticated',
  u.email,
  md5('trellis-password:' || u.email),
  case when u.confirmed then u.created_at::timestamptz + interval '10 minutes' end,
  case when u.confirmed then u.created_at::timestamptz + interval '720 hours' end,
  jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email')),
  jsonb_strip_nulls(jsonb_build_object(
    'username', u.username,
    'full_name', u.full_name,
    'timezone', u.timezone,
    'avatar_url', case when u.has_avatar then 'avatars/' || u.id || '/avatar.png' end
  )),
  u.created_at::timestamptz,
  u.created_at::timestamptz
from (values
  ('11111111-1111-4111-8111-111111111111', 'alice@example.com', 'alice', 'Alice Martin',  'Europe/Paris',     true,  true,  '2024-09-02 08:15:00+00'),
  ('22222222-2222-4222-8222-222222222222', 'bob@example.com',   'bobk',  'Bob Kowalski',  'Europe/Warsaw',    true,  true,  '2024-09-03 17:40:00+00'),
  ('33333333-3333-4333-8333-333333333333', 'carol@example.com', 'carol', 'Carol Nguyen',  'America/New_York', true,  false, '2024-09-10 12:05:00+00'),
  ('44444444-4444-4444-8444-444444444444', 'dave@example.com',  'dave',  'Dave Okafor',   'Africa/Lagos',     true,  true,  '2024-10-01 09:30:00+00'),
  ('55555555-5555-4555-8555-555555555555', 'erin@example.com',  'erin',  'Erin Walsh',    'Europe/Dublin',    true,  false, '2024-10-15 20:00:00+00'),
  ('66666666-6666-4666-8666-666666666666', 'frank@example.com', null,    null,            null,               false, false, '2024-11-20 07:45:00+00')
) as u (id, email, username, full_name, timezone, confirmed, has_avatar, created_at);

-- Avatars uploaded by three users (metadata only).
insert into storage.objects (id, bucket_id, name, owner, metadata, created_at, updated_at, last_accessed_at)
select
  md5('avatar:' || u.id)::uuid,
  'avatars',
  u.id || '/avatar.png',
  u.id::uuid,
  jsonb_build_object('size', u.size, 'mimetype', 'image/png'),
  u.at::timestamptz,
  u.at::timestamptz,
  u.at::timestamptz
from (values
  ('11111111-1111-4111-8111-111111111111', 48213, '2024-09-02 08:20:00+00'),
  ('22222222-2222-4222-8222-222222222222', 30977, '2024-09-04 10:00:00+00'),
  ('44444444-4444-4444-8444-444444444444', 51200, '2024-10-01 09:45:00+00')
) as u (id, size, at);

insert into public.projects (id, owner_id, name, description, status, due_date, created_at, updated_at)
select
  md5('project:' || p.slug)::uuid,
  p.owner_id::uuid,
  p.name,
  p.description,
  p.status,
  p.due_date::date,
  p.created_at::timestamptz,
  p.created_at::timestamptz + interval '72 hours'
from (values
  ('alice-website', '11111111-1111-4111-8111-111111111111', 'Website relaunch',  'New marketing site on the static generator', 'active',   '2025-01-31', '2024-09-05 09:00:00+00'),
  ('alice-q4',      '11111111-1111-4111-8111-111111111111', 'Q4 planning',       'Goals and budget for the last quarter',      'active',   '2024-10-15', '2024-09-20 14:00:00+00'),
  ('alice-garden',  '11111111-1111-4111-8111-111111111111', 'Garden',            'Raised beds and the irrigation',              'paused',   null,         '2024-09-28 07:30:00+00'),
  ('alice-reading', '11111111-1111-4111-8111-111111111111', 'Reading list',      null,                                          'archived', null,         '2024-10-02 21:10:00+00'),
  ('bob-app',       '22222222-2222-4222-8222-222222222222', 'Mobile app beta',   'TestFlight beta for the habit tracker',       'active',   '2024-12-01', '2024-09-06 11:00:00+00'),
  ('bob-move',      '22222222-2222-4222-8222-222222222222', 'Moving house',      'Kraków to Gdańsk, end of November',           'active',   '2024-11-30', '2024-10-05 18:20:00+00'),
  ('bob-podcast',   '22222222-2222-4222-8222-222222222222', 'Podcast season 2',  null,                                          'paused',   null,         '2024-10-20 19:00:00+00'),
  ('dave-thesis',   '44444444-4444-4444-8444-444444444444', 'Thesis',            'Chapter drafts and supervisor feedback',      'active',   '2025-06-30', '2024-10-02 08:00:00+00'),
  ('dave-lab',      '44444444-4444-4444-8444-444444444444', 'Lab inventory',     'Reagents, freezer map, ordering',             'active',   null,         '2024-10-08 13:45:00+00'),
  ('dave-talk',     '44444444-4444-4444-8444-444444444444', 'Conference talk',   'Twenty minutes at the spring meeting',        'active',   '2025-03-14', '2024-11-02 10:10:00+00'),
  ('erin-shop',     '55555555-5555-4555-8555-555555555555', 'Online shop',       'Ceramics shop: photos, listings, shipping',   'active',   null,         '2024-10-16 09:00:00+00'),
  ('erin-wedding',  '55555555-5555-4555-8555-555555555555', 'Wedding',           null,                                          'active',   '2025-05-24', '2024-10-18 20:30:00+00')
) as p (slug, owner_id, name, description, status, due_date, created_at);

-- Tasks: the titles of each project, in order; the first half are done, the
-- next one is in progress, the rest are to do. Every third task is unassigned.
insert into public.tasks
  (id, project_id, owner_id, assignee_id, title, notes, status, priority, due_date, completed_at, created_at, updated_at)
select
  md5('task:' || t.slug || ':' || n)::uuid,
  pr.id,
  pr.owner_id,
  case when n % 3 = 0 then null else pr.owner_id end,
  t.titles[n],
  case when n % 2 = 0 then 'See the project notes for details.' end,
  case
    when n <= cardinality(t.titles) / 2 then 'done'
    when n = cardinality(t.titles) / 2 + 1 then 'doing'
    else 'todo'
  end,
  1 + (n % 4),
  ((pr.created_at at time zone 'UTC') + n * interval '7 days')::date,
  case when n <= cardinality(t.titles) / 2 then pr.created_at + n * interval '120 hours' end,
  pr.created_at + n * interval '1 hour',
  pr.created_at + n * interval '1 hour'
from (values
  ('alice-website', array['Pick a theme', 'Write the copy', 'Move the blog posts', 'Set up redirects', 'Launch announcement']),
  ('alice-q4',      array['Review Q3 numbers', 'Draft goals', 'Budget spreadsheet', 'Share with the team']),
  ('alice-garden',  array['Order soil', 'Build the second bed', 'Drip irrigation']),
  ('alice-reading', array['The Pragmatic Programmer', 'Designing Data-Intensive Applications']),
  ('bob-app',       array['Fix login crash', 'Push notifications', 'Invite 20 testers', 'Collect feedback', 'App Store screenshots']),
  ('bob-move',      array['Get three quotes', 'Book the van', 'Change address', 'Internet at the new flat']),
  ('bob-podcast',   array['Guest list', 'New intro music', 'Record episode 1']),
  ('dave-thesis',   array['Chapter 1 draft', 'Chapter 2 draft', 'Send to supervisor', 'Chapter 3 experiments']),
  ('dave-lab',      array['Count the pipette tips', 'Label freezer B', 'Order buffer']),
  ('dave-talk',     array['Submit abstract', 'Make slides', 'Rehearse']),
  ('erin-shop',     array['Photograph the mugs', 'Write listings', 'Shipping boxes', 'Open the shop']),
  ('erin-wedding',  array['Book the venue', 'Send invitations'])
) as t (slug, titles)
join public.projects pr on pr.id = md5('project:' || t.slug)::uuid
cross join lateral generate_series(1, cardinality(t.titles)) as n;

-- Comments: one on every odd-numbered task, a second one on each first task.
insert into public.comments (id, task_id, author_id, body, created_at)
select
  md5('comment:' || t.id || ':' || c)::uuid,
  t.id,
  t.owner_id,
  case c
    when 1 then (array['Started on this today.', 'Blocked until Monday.', 'Halfway there.', 'Needs another look.'])[1 + (t.n::int / 2) % 4]
    else 'Done, closing this one.'
  end,
  t.created_at + c * interval '48 hours'
from (
  select tk.*, row_number() over (partition by tk.project_id order by tk.created_at, tk.id) as n
  from public.tasks tk
) as t
cross join lateral generate_series(1, case when t.n = 1 then 2 else 1 end) as c
where t.n % 2 = 1;

-- Checklist items: the steps of eleven tasks (alice 12, bob 8, dave 5, erin 5).
-- Items of done tasks are all ticked, the first item of a task in progress is.
insert into public.task_checklist_items (id, task_id, body, done, position, created_at)
select
  md5('checklist:' || tk.id || ':' || i.position)::uuid,
  tk.id,
  i.body,
  tk.status = 'done' or (tk.status = 'doing' and i.position = 1),
  i.position::int,
  tk.created_at + i.position * interval '10 minutes'
from (values
  ('alice-website', 1, array['Shortlist three themes', 'Check the dark mode', 'Read the licence']),
  ('alice-website', 3, array['Export from the old blog', 'Fix the image paths', 'Check the code blocks']),
  ('alice-website', 4, array['List the old URLs', 'Write the redirect map', 'Test every redirect']),
  ('alice-garden',  2, array['Buy the timber', 'Cut the boards to length', 'Line the bottom with cardboard']),
  ('bob-app',       3, array['Write the invitation email', 'Collect the addresses', 'Send the TestFlight links']),
  ('bob-move',      1, array['Call Przeprowadzki Nowak', 'Ask for an online quote', 'Compare the three']),
  ('bob-move',      4, array['Compare the providers', 'Book the installation']),
  ('dave-thesis',   3, array['Proofread chapters 1 and 2', 'Export the PDF', 'Email the supervisor']),
  ('dave-lab',      3, array['Check the stock', 'Ask for a quote']),
  ('erin-shop',     3, array['Measure the mugs', 'Order the boxes', 'Order the padding']),
  ('erin-wedding',  2, array['Collect the guest addresses', 'Print the cards'])
) as c (slug, n, bodies)
join public.tasks tk on tk.id = md5('task:' || c.slug || ':' || c.n)::uuid
cross join lateral unnest(c.bodies) with ordinality as i (body, position);

-- Journal entries: a few per user, on consecutive Mondays.
insert into public.journal_entries (id, user_id, entry_date, mood, title, body, tags, created_at, updated_at)
select
  md5('journal:' || j.user_id || ':' || n)::uuid,
  j.user_id::uuid,
  (j.first_day::date + (n - 1) * 7),
  1 + (n + j.k) % 5,
  'Week ' || n,
  'Notes for week ' || n || ': ' || (array['slow start', 'good focus', 'too many meetings', 'shipped something', 'tired but ok'])[1 + (n + j.k) % 5] || '.',
  case when n % 2 = 0 then array['work'] else array['personal', 'weekly'] end,
  ((j.first_day::date + (n - 1) * 7) + time '21:00') at time zone 'UTC',
  ((j.first_day::date + (n - 1) * 7) + time '21:00') at time zone 'UTC'
from (values
  ('11111111-1111-4111-8111-111111111111', '2024-09-09', 6, 0),
  ('22222222-2222-4222-8222-222222222222', '2024-09-09', 4, 1),
  ('33333333-3333-4333-8333-333333333333', '2024-09-16', 3, 2),
  ('44444444-4444-4444-8444-444444444444', '2024-10-07', 5, 3),
  ('55555555-5555-4555-8555-555555555555', '2024-10-21', 2, 4)
) as j (user_id, first_day, entries, k)
cross join lateral generate_series(1, j.entries) as n;
