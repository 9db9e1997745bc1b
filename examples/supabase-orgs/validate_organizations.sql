-- =============================================================================
-- supabase-orgs / validate_organizations.sql            (validation)
--
-- Checks the result of 20250102_organizations.sql + 20250103_invitations.sql
-- on top of 000_baseline.sql + 001_seed.sql. Every check prints
--   NOTICE: PASS: <what>   or   NOTICE: FAIL: <what>
-- and the last statement prints  NOTICE: RESULT: <n> passed, <m> failed.
--
-- Row level security is checked for real: postgres bypasses RLS, so the checks
-- put JWT claims in request.jwt.claims and switch to the role `authenticated`
-- (or `anon`, `service_role`) the way PostgREST does. Those checks run between
-- a top-level `begin;` and `rollback;`, so the role, the claims and every write
-- (invitations, new projects, uploads, sign-ups) are undone: the validation
-- leaves the data as it found it.
--
-- No statement here catches an error or raises one on purpose: some engines
-- cannot catch errors inside PL/pgSQL, so a check that provoked an error
-- would stop the run (a failing check prints FAIL instead). Where the real
-- statement would be refused with an error (an INSERT that fails a policy's
-- WITH CHECK, a function that raises), the check evaluates the policies' own
-- WITH CHECK expressions on the would-be row (pg_temp.tp_rls_allows_insert),
-- or reads the function's source.
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

-- Record one check and print PASS/FAIL. SECURITY DEFINER: callable while the
-- session acts as an API role.
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

-- Act as an API request: claims for `who` (null for anon) and the given role.
-- Lasts until the end of the current transaction (the rollback).
create or replace function pg_temp.tp_as(who uuid, api_role text) returns void
language plpgsql
as $$
declare
  who_email text;
begin
  reset role;
  select u.email into who_email from auth.users u where u.id = who;
  perform set_config('request.jwt.claims',
    json_build_object('sub', who, 'role', api_role, 'email', who_email)::text, true);
  perform set_config('role', api_role, true);
end;
$$;

-- The personal organization of a user (as postgres).
create or replace function pg_temp.tp_org(who uuid) returns uuid
language sql
stable
as $$
  select o.id from public.organizations o where o.created_by = who and o.is_personal;
$$;

-- Would row level security let the current role INSERT this row (given as
-- jsonb, column => value; missing columns are NULL) into tbl? Evaluates the
-- WITH CHECK expressions of the INSERT and ALL policies that apply to the
-- current role the way PostgreSQL combines them: at least one permissive
-- policy and every restrictive policy must be true. Run it as the API role.
create or replace function pg_temp.tp_rls_allows_insert(tbl regclass, new_row jsonb) returns boolean
language plpgsql
as $$
declare
  p record;
  ok boolean;
  any_permissive boolean := false;
begin
  if not (select c.relrowsecurity from pg_class c where c.oid = tbl)
     or (select r.rolsuper or r.rolbypassrls from pg_roles r where r.rolname = current_user) then
    return true;
  end if;
  for p in
    select pol.polpermissive,
           pg_get_expr(coalesce(pol.polwithcheck, pol.polqual), pol.polrelid) as expr,
           c.relname
    from pg_policy pol
    join pg_class c on c.oid = pol.polrelid
    where pol.polrelid = tbl
      and pol.polcmd in ('a', '*')
      and exists (select 1 from unnest(pol.polroles) r(oid)
                  where r.oid = 0 or pg_has_role(current_user, r.oid, 'usage'))
  loop
    execute format('select (%s) from (select (jsonb_populate_record(null::%s, $1)).*) as %I',
                   coalesce(p.expr, 'true'), tbl, p.relname)
      into ok using new_row;
    if p.polpermissive then
      any_permissive := any_permissive or coalesce(ok, false);
    elsif not coalesce(ok, false) then
      return false;
    end if;
  end loop;
  return any_permissive;
end;
$$;

-- -----------------------------------------------------------------------------
-- Schema
-- -----------------------------------------------------------------------------
do $$
begin
  perform pg_temp.tp_check(
    to_regclass('public.organizations') is not null
      and to_regclass('public.organization_members') is not null
      and to_regclass('public.organization_invitations') is not null,
    'tables organizations, organization_members, organization_invitations exist');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    exists (select 1 from pg_constraint
            where conrelid = 'public.organization_members'::regclass
              and conname = 'organization_members_role_check'
              and pg_get_constraintdef(oid) like '%owner%viewer%'),
    'organization_members.role is limited to owner/admin/member/viewer');
end
$$;

do $$
declare
  t text;
begin
  foreach t in array array['projects', 'tasks', 'comments', 'journal_entries'] loop
    perform pg_temp.tp_check(
      exists (select 1 from information_schema.columns c
              where c.table_schema = 'public' and c.table_name = t
                and c.column_name = 'organization_id' and c.data_type = 'uuid' and c.is_nullable = 'NO')
      and exists (select 1 from pg_constraint k
                  where k.conrelid = format('public.%I', t)::regclass and k.contype = 'f'
                    and k.confrelid = 'public.organizations'::regclass)
      and exists (select 1 from pg_index i
                  join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
                  where i.indrelid = format('public.%I', t)::regclass and a.attname = 'organization_id'),
      format('%s.organization_id is uuid NOT NULL, references organizations, leads an index', t));
  end loop;
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    exists (select 1 from pg_constraint where conname = 'tasks_project_same_organization_fkey'
              and conrelid = 'public.tasks'::regclass and contype = 'f')
    and exists (select 1 from pg_constraint where conname = 'comments_task_same_organization_fkey'
              and conrelid = 'public.comments'::regclass and contype = 'f'),
    'composite foreign keys keep tasks and comments in the organization of their parent');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    not exists (select 1 from pg_class c
                where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and not c.relrowsecurity),
    'row level security is enabled on every table in public');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select count(*) from pg_proc p
     where p.pronamespace = 'public'::regnamespace
       and p.proname in ('is_org_member', 'org_role', 'shares_organization_with', 'accept_invitation')
       and p.prosecdef
       and 'search_path=""' = any (p.proconfig)) = 4,
    'helper functions are SECURITY DEFINER with an empty search_path');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    has_function_privilege('authenticated', 'public.is_org_member(uuid)', 'execute')
      and not has_function_privilege('anon', 'public.is_org_member(uuid)', 'execute')
      and not has_function_privilege('anon', 'public.accept_invitation(text)', 'execute'),
    'helpers are executable by authenticated, not by anon');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    has_table_privilege('authenticated', 'public.organizations', 'select,insert,update,delete')
      and has_table_privilege('authenticated', 'public.organization_members', 'select')
      and has_table_privilege('service_role', 'public.organization_invitations', 'select'),
    'API roles got privileges on the new tables (Supabase default privileges)');
end
$$;

-- A bare auth.uid() in a policy is evaluated once per row; (select auth.uid())
-- once per statement. Deparsed, the wrapped form reads "SELECT auth.uid() AS uid".
do $$
declare
  bare int;
  policies int;
begin
  select count(*),
         coalesce(sum(
           (length(coalesce(qual, '') || coalesce(with_check, '')) - length(replace(coalesce(qual, '') || coalesce(with_check, ''), 'auth.uid()', ''))) / length('auth.uid()')
           - (length(coalesce(qual, '') || coalesce(with_check, '')) - length(replace(coalesce(qual, '') || coalesce(with_check, ''), 'SELECT auth.uid() AS uid', ''))) / length('SELECT auth.uid() AS uid')
         ), 0)
    into policies, bare
  from pg_policies
  where schemaname = 'public';
  perform pg_temp.tp_check(policies >= 20 and bare = 0,
    format('all %s policies in public wrap auth.uid() as (select auth.uid())', policies));
end
$$;

-- -----------------------------------------------------------------------------
-- Data: nothing lost, everything has a tenant, everything in the right tenant
-- -----------------------------------------------------------------------------
do $$
declare
  r record;
  n bigint;
begin
  for r in
    select * from (values ('auth.users', 6), ('public.profiles', 6), ('public.projects', 12),
                          ('public.tasks', 42), ('public.comments', 36), ('public.journal_entries', 20))
      as v (tbl, expected)
  loop
    execute format('select count(*) from %s', r.tbl) into n;
    perform pg_temp.tp_check(n = r.expected, format('%s still has its %s seed rows (found %s)', r.tbl, r.expected, n));
  end loop;
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select count(*) from public.projects where organization_id is null)
    + (select count(*) from public.tasks where organization_id is null)
    + (select count(*) from public.comments where organization_id is null)
    + (select count(*) from public.journal_entries where organization_id is null) = 0,
    'no row has a NULL organization_id');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select count(*) from public.organizations where is_personal) = 6
    and not exists (
      select 1 from auth.users u
      where (select count(*) from public.organization_members m
             join public.organizations o on o.id = m.organization_id
             where m.user_id = u.id and o.is_personal and o.created_by = u.id and m.role = 'owner') <> 1),
    'every user owns exactly one personal organization');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    not exists (select 1 from public.projects p join public.organizations o on o.id = p.organization_id
                where o.created_by <> p.owner_id)
    and not exists (select 1 from public.journal_entries j join public.organizations o on o.id = j.organization_id
                    where o.created_by <> j.user_id),
    'backfilled projects and journal entries are in their owner''s personal organization');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    not exists (select 1 from public.tasks t join public.projects p on p.id = t.project_id
                where t.organization_id <> p.organization_id)
    and not exists (select 1 from public.comments c join public.tasks t on t.id = c.task_id
                    where c.organization_id <> t.organization_id),
    'tasks and comments are in the organization of their project / task');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select max(updated_at) from public.projects) = '2024-11-05 10:10:00+00'
    and (select max(updated_at) from public.tasks) < '2025-01-01'
    and (select max(updated_at) from public.journal_entries) < '2025-01-01',
    'the backfill left updated_at alone');
end
$$;

-- -----------------------------------------------------------------------------
-- Row level security, as the API roles (each group between begin; and rollback;)
-- -----------------------------------------------------------------------------
begin;

do $$
declare
  alice constant uuid := '11111111-1111-4111-8111-111111111111';
  bob   constant uuid := '22222222-2222-4222-8222-222222222222';
  alice_org uuid := pg_temp.tp_org(alice);
  bob_org   uuid := pg_temp.tp_org(bob);
  own_projects int; other_projects int; own_tasks int; other_tasks int;
  other_journal int; orgs int; profiles int;
begin
  perform pg_temp.tp_as(alice, 'authenticated');
  select count(*) into own_projects from public.projects where organization_id = alice_org;
  select count(*) into other_projects from public.projects where organization_id <> alice_org;
  select count(*) into own_tasks from public.tasks where organization_id = alice_org;
  select count(*) into other_tasks from public.tasks where organization_id <> alice_org;
  select count(*) into other_journal from public.journal_entries where user_id <> alice;
  select count(*) into orgs from public.organizations;
  select count(*) into profiles from public.profiles;
  perform pg_temp.tp_check(own_projects = 4 and own_tasks = 14,
    format('RLS: alice sees the 4 projects and 14 tasks of her organization (saw %s and %s)', own_projects, own_tasks));
  perform pg_temp.tp_check(other_projects = 0 and other_tasks = 0 and other_journal = 0,
    'RLS: alice sees no project, task or journal entry of another organization');
  perform pg_temp.tp_check(orgs = 1 and profiles = 1,
    'RLS: alice sees only her own organization and her own profile');
  perform pg_temp.tp_check(alice_org is not null and bob_org is not null and alice_org <> bob_org,
    'alice and bob are in different organizations');
end
$$;

do $$
declare
  bob   constant uuid := '22222222-2222-4222-8222-222222222222';
  carol constant uuid := '33333333-3333-4333-8333-333333333333';
  bob_projects int; bob_foreign int; carol_projects int; carol_journal int;
begin
  perform pg_temp.tp_as(bob, 'authenticated');
  select count(*) into bob_projects from public.projects;
  select count(*) into bob_foreign from public.projects where owner_id <> bob;
  perform pg_temp.tp_as(carol, 'authenticated');
  select count(*) into carol_projects from public.projects;
  select count(*) into carol_journal from public.journal_entries;
  perform pg_temp.tp_check(bob_projects = 3 and bob_foreign = 0,
    format('RLS: bob sees his 3 projects and nobody else''s (saw %s)', bob_projects));
  perform pg_temp.tp_check(carol_projects = 0 and carol_journal = 3,
    format('RLS: carol sees no project and her 3 journal entries (saw %s, %s)', carol_projects, carol_journal));
end
$$;

do $$
declare
  anon_projects int; anon_orgs int; service_projects int; service_orgs int;
begin
  perform pg_temp.tp_as(null, 'anon');
  select count(*) into anon_projects from public.projects;
  select count(*) into anon_orgs from public.organizations;
  perform pg_temp.tp_as(null, 'service_role');
  select count(*) into service_projects from public.projects;
  select count(*) into service_orgs from public.organizations;
  perform pg_temp.tp_check(anon_projects = 0 and anon_orgs = 0,
    'RLS: anon sees no projects and no organizations');
  perform pg_temp.tp_check(service_projects = 12 and service_orgs = 6,
    'RLS: service_role (BYPASSRLS) sees all 12 projects and 6 organizations');
end
$$;

rollback;

-- Task checklist items have no organization_id: their policies reach the
-- organization through the parent task. The refused INSERT is evaluated on the
-- would-be row, as above.
begin;

do $$
declare
  alice constant uuid := '11111111-1111-4111-8111-111111111111';
  alice_org uuid := pg_temp.tp_org(alice);
  alice_tasks uuid[];
  alice_items int;
  seen int; seen_foreign int;
begin
  select array_agg(t.id order by t.id) into alice_tasks from public.tasks t where t.organization_id = alice_org;
  select count(*) into alice_items from public.task_checklist_items i where i.task_id = any (alice_tasks);
  perform pg_temp.tp_as(alice, 'authenticated');
  select count(*), count(*) filter (where not (i.task_id = any (alice_tasks)))
    into seen, seen_foreign
  from public.task_checklist_items i;
  perform pg_temp.tp_check(alice_items = 12 and seen = 12 and seen_foreign = 0,
    format('RLS: alice sees the 12 checklist items of her organization''s tasks and no other (saw %s, %s of other tasks)',
           seen, seen_foreign));
end
$$;

do $$
declare
  alice constant uuid := '11111111-1111-4111-8111-111111111111';
  bob   constant uuid := '22222222-2222-4222-8222-222222222222';
  alice_tasks uuid[];
  bob_task uuid;
  bob_sees_alice int; bob_sees int;
  own_allowed boolean; foreign_allowed boolean;
begin
  reset role;
  select array_agg(t.id order by t.id) into alice_tasks from public.tasks t where t.organization_id = pg_temp.tp_org(alice);
  select t.id into bob_task from public.tasks t where t.organization_id = pg_temp.tp_org(bob) order by t.id limit 1;
  perform pg_temp.tp_as(bob, 'authenticated');
  select count(*), count(*) filter (where i.task_id = any (alice_tasks))
    into bob_sees, bob_sees_alice
  from public.task_checklist_items i;
  own_allowed := pg_temp.tp_rls_allows_insert('public.task_checklist_items',
    jsonb_build_object('task_id', bob_task, 'body', 'Own step'));
  foreign_allowed := pg_temp.tp_rls_allows_insert('public.task_checklist_items',
    jsonb_build_object('task_id', alice_tasks[1], 'body', 'Sneaky step'));
  perform pg_temp.tp_check(cardinality(alice_tasks) = 14 and bob_sees_alice = 0 and bob_sees = 8
                           and own_allowed and not foreign_allowed,
    format('RLS: bob, of another organization, sees none of alice''s checklist items (only his %s) and cannot add one to her task',
           bob_sees));
end
$$;

rollback;

-- Writes: alice can add a project to her organization, not to bob's. The
-- refused INSERT would raise an error, so for it the policies are evaluated on
-- the would-be row; the allowed one is also inserted for real (then rolled back).
begin;

do $$
declare
  alice constant uuid := '11111111-1111-4111-8111-111111111111';
  bob   constant uuid := '22222222-2222-4222-8222-222222222222';
  alice_org uuid := pg_temp.tp_org(alice);
  bob_org   uuid := pg_temp.tp_org(bob);
  own_allowed boolean;
  foreign_allowed boolean;
  created int := 0;
begin
  perform pg_temp.tp_as(alice, 'authenticated');
  own_allowed := pg_temp.tp_rls_allows_insert('public.projects',
    jsonb_build_object('owner_id', alice, 'organization_id', alice_org, 'name', 'Validation project', 'status', 'active'));
  foreign_allowed := pg_temp.tp_rls_allows_insert('public.projects',
    jsonb_build_object('owner_id', alice, 'organization_id', bob_org, 'name', 'Sneaky project', 'status', 'active'));
  if own_allowed then
    with i as (
      insert into public.projects (owner_id, organization_id, name) values (alice, alice_org, 'Validation project')
      returning 1)
    select count(*) into created from i;
  end if;
  perform pg_temp.tp_check(own_allowed and created = 1, 'RLS: alice can create a project in her organization');
  perform pg_temp.tp_check(own_allowed and not foreign_allowed,
    'RLS: alice cannot create a project in bob''s organization (the INSERT policies reject the row)');
end
$$;

rollback;

-- Invitations: alice invites carol as a member and dave as a viewer.
begin;

do $$
declare
  alice constant uuid := '11111111-1111-4111-8111-111111111111';
  bob   constant uuid := '22222222-2222-4222-8222-222222222222';
  carol constant uuid := '33333333-3333-4333-8333-333333333333';
  dave  constant uuid := '44444444-4444-4444-8444-444444444444';
  alice_org uuid := pg_temp.tp_org(alice);
  may_invite boolean;
  carol_token text; dave_token text;
  bob_invitations int; carol_invitations int; carol_sees_own boolean;
  carol_projects int; carol_profiles int; carol_role text;
  dave_sees int; dave_updated int;
  bob_sees int;
  src text;
begin
  perform pg_temp.tp_as(alice, 'authenticated');
  may_invite := pg_temp.tp_rls_allows_insert('public.organization_invitations',
    jsonb_build_object('organization_id', alice_org, 'email', 'carol@example.com', 'role', 'member', 'invited_by', alice));
  if may_invite then
    insert into public.organization_invitations (organization_id, email, role, invited_by)
    values (alice_org, 'carol@example.com', 'member', alice)
    returning token into carol_token;
    insert into public.organization_invitations (organization_id, email, role, invited_by)
    values (alice_org, 'dave@example.com', 'viewer', alice)
    returning token into dave_token;
  end if;
  perform pg_temp.tp_check(carol_token is not null and dave_token is not null,
    'RLS: an owner can invite people to her organization');

  perform pg_temp.tp_as(bob, 'authenticated');
  select count(*) into bob_invitations from public.organization_invitations;
  perform pg_temp.tp_check(carol_token is not null and bob_invitations = 0,
    format('RLS: bob cannot see the invitations (nor their tokens) sent by alice (saw %s)', bob_invitations));

  perform pg_temp.tp_as(carol, 'authenticated');
  select count(*), bool_and(token = carol_token) into carol_invitations, carol_sees_own
  from public.organization_invitations;
  perform pg_temp.tp_check(carol_invitations = 1 and carol_sees_own,
    format('RLS: carol sees the invitation sent to her and not dave''s (saw %s)', carol_invitations));

  -- Calling accept_invitation with someone else's token raises an error, which
  -- cannot be caught here: check that the function refuses it, in its source.
  reset role;
  select regexp_replace(lower(p.prosrc), '\s+', ' ', 'g') into src
  from pg_proc p where p.oid = 'public.accept_invitation(text)'::regprocedure;
  perform pg_temp.tp_check(
    src like '%select lower(u.email) into my_email from auth.users u where u.id = me%'
    and src ~ 'if my_email is distinct from inv\.email then raise (?!debug|log|info|notice|warning)[^;]* using errcode = ''42501''; end if;'
    and strpos(src, 'if my_email is distinct from inv.email') < strpos(src, 'insert into public.organization_members'),
    'accept_invitation refuses a token sent to another address (before adding the member)');

  if carol_token is not null then
    perform pg_temp.tp_as(carol, 'authenticated');
    perform public.accept_invitation(carol_token);
    select count(*) into carol_projects from public.projects;
    select count(*) into carol_profiles from public.profiles;
    carol_role := public.org_role(alice_org);

    perform pg_temp.tp_as(dave, 'authenticated');
    perform public.accept_invitation(dave_token);
    select count(*) into dave_sees from public.projects where organization_id = alice_org;
    with u as (
      update public.projects set description = 'edited by a viewer' where organization_id = alice_org
      returning 1)
    select count(*) into dave_updated from u;

    perform pg_temp.tp_as(bob, 'authenticated');
    select count(*) into bob_sees from public.projects where organization_id = alice_org;
  end if;
  perform pg_temp.tp_check(carol_role = 'member' and carol_projects = 4 and carol_profiles = 2,
    format('after accepting, carol is a member and sees alice''s 4 projects and profile (saw %s projects, %s profiles)',
           carol_projects, carol_profiles));
  perform pg_temp.tp_check(dave_sees = 4 and dave_updated = 0,
    format('a viewer sees the projects but cannot update them (saw %s, updated %s)', dave_sees, dave_updated));
  perform pg_temp.tp_check(bob_sees = 0,
    'RLS: bob, not invited, still sees nothing of alice''s organization');
end
$$;

rollback;

-- New organizations and new users.
begin;

do $$
declare
  alice constant uuid := '11111111-1111-4111-8111-111111111111';
  newcomer constant uuid := md5('validation:newcomer')::uuid;
  team_allowed boolean;
  personal_allowed boolean;
  team uuid;
  team_role text;
  newcomer_ok boolean;
begin
  perform pg_temp.tp_as(alice, 'authenticated');
  team_allowed := pg_temp.tp_rls_allows_insert('public.organizations',
    jsonb_build_object('name', 'Alice and friends', 'slug', 'alice-and-friends', 'is_personal', false, 'created_by', alice));
  personal_allowed := pg_temp.tp_rls_allows_insert('public.organizations',
    jsonb_build_object('name', 'Second personal', 'slug', 'second-personal', 'is_personal', true, 'created_by', alice));
  if team_allowed then
    insert into public.organizations (name, slug, created_by)
    values ('Alice and friends', 'alice-and-friends', alice)
    returning id into team;
    team_role := public.org_role(team);
  end if;
  perform pg_temp.tp_check(team is not null and team_role = 'owner',
    'whoever creates a team organization becomes its owner');
  perform pg_temp.tp_check(team_allowed and not personal_allowed,
    'RLS: users cannot create extra personal organizations (the INSERT policies reject the row)');

  reset role;
  insert into auth.users (id, aud, role, email, raw_user_meta_data)
  values (newcomer, 'authenticated', 'authenticated', 'newcomer@example.com', '{"full_name": "New Comer"}');
  newcomer_ok := exists (
    select 1 from public.organizations o
    join public.organization_members m on m.organization_id = o.id and m.user_id = newcomer and m.role = 'owner'
    where o.created_by = newcomer and o.is_personal and o.name = 'New Comer''s workspace')
    and exists (select 1 from public.profiles where id = newcomer);
  perform pg_temp.tp_check(newcomer_ok,
    'a new sign-up gets a profile and a personal organization they own');
end
$$;

rollback;

-- Storage: organization files live under <organization id>/.
begin;

do $$
declare
  alice constant uuid := '11111111-1111-4111-8111-111111111111';
  bob   constant uuid := '22222222-2222-4222-8222-222222222222';
  alice_org uuid := pg_temp.tp_org(alice);
  bob_org   uuid := pg_temp.tp_org(bob);
  own_allowed boolean;
  foreign_allowed boolean;
  uploaded int := 0;
begin
  perform pg_temp.tp_as(alice, 'authenticated');
  own_allowed := pg_temp.tp_rls_allows_insert('storage.objects',
    jsonb_build_object('bucket_id', 'org-files', 'name', alice_org || '/plans/q1.pdf', 'owner', alice));
  foreign_allowed := pg_temp.tp_rls_allows_insert('storage.objects',
    jsonb_build_object('bucket_id', 'org-files', 'name', bob_org || '/plans/q1.pdf', 'owner', alice));
  if own_allowed then
    with i as (
      insert into storage.objects (bucket_id, name, owner) values ('org-files', alice_org || '/plans/q1.pdf', alice)
      returning 1)
    select count(*) into uploaded from i;
  end if;
  perform pg_temp.tp_check(own_allowed and uploaded = 1 and not foreign_allowed,
    'storage: alice can upload to her organization''s folder of org-files, not to bob''s');
end
$$;

rollback;

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
  drop function pg_temp.tp_as(uuid, text);
  drop function pg_temp.tp_org(uuid);
  drop function pg_temp.tp_rls_allows_insert(regclass, jsonb);
  drop sequence pg_temp.tp_passed;
  drop sequence pg_temp.tp_failed;
end
$$;
