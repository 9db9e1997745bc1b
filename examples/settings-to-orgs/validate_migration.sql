-- =============================================================================
-- settings-to-orgs / validate_migration.sql             (validation)
--
-- Checks 056 + 057 on top of 000_baseline.sql + 001_seed.sql: the structure,
-- the counts (1200 user_settings rows, 1188 with a keycloak_user_id), and that
-- every value arrived where it belongs. Every check prints NOTICE
-- "PASS: <what>" or "FAIL: <what>"; the last statement prints
-- "RESULT: <n> passed, <m> failed". The one check that writes runs between a
-- top-level `begin;` and `rollback;`, so the data is left as it was found.
--
-- No statement here catches an error or raises one on purpose: some engines
-- cannot catch errors inside PL/pgSQL, so a check that provoked an error
-- would stop the run (a failing check prints FAIL instead). Rows that a CHECK
-- constraint must refuse are therefore not inserted: the table's own CHECK
-- expressions are evaluated on the would-be row (pg_temp.tp_check_violations).
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

-- The CHECK constraints of tbl that this row (jsonb, column => value; missing
-- columns are NULL) would violate: their expression is false (NULL passes, as
-- in PostgreSQL).
create or replace function pg_temp.tp_check_violations(tbl regclass, new_row jsonb) returns text[]
language plpgsql
as $$
declare
  k record;
  ok boolean;
  bad text[] := '{}';
begin
  for k in
    select con.conname, pg_get_expr(con.conbin, con.conrelid) as expr, c.relname
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    where con.conrelid = tbl and con.contype = 'c'
    order by con.conname
  loop
    execute format('select (%s) from (select (jsonb_populate_record(null::%s, $1)).*) as %I',
                   k.expr, tbl, k.relname)
      into ok using new_row;
    if ok is false then
      bad := bad || k.conname::text;
    end if;
  end loop;
  return bad;
end;
$$;

-- -----------------------------------------------------------------------------
-- Structure (056)
-- -----------------------------------------------------------------------------
do $$
begin
  perform pg_temp.tp_check(
    to_regclass('public.role') is not null and to_regclass('public.org') is not null
    and to_regclass('public."user"') is not null and to_regclass('public.org_user') is not null
    and to_regclass('public.settings') is not null,
    'tables role, org, "user", org_user, settings exist');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select count(*) from pg_constraint
     where contype = 'f'
       and conname in ('user_current_org_id_fkey', 'org_user_org_id_fkey', 'org_user_user_id_fkey',
                       'org_user_role_id_fkey', 'settings_user_id_fkey', 'settings_org_id_fkey')) = 6,
    'foreign keys: org_user -> org/user/role, settings -> user/org, user -> current org');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    to_regclass('public.org_user_user_id_idx') is not null
    and to_regclass('public.org_user_role_id_idx') is not null
    and (select bool_and(indisunique) from pg_index
         where indexrelid in (to_regclass('public.settings_user_id_key'), to_regclass('public.settings_org_id_key')))
    and (select count(*) from pg_index
         where indexrelid in (to_regclass('public.settings_user_id_key'), to_regclass('public.settings_org_id_key'))) = 2,
    'indexes: org_user by user and by role, one settings row per user and per org');
end
$$;

-- The owner check: rows with both or neither owner would be refused with an
-- error, so the table's CHECK expressions are evaluated on them; a row with
-- one owner is inserted for real (explicit id: no sequence moves), then undone.
begin;

do $$
declare
  some_org uuid := (select id from public.org order by name limit 1);
  some_user uuid := (select id from public."user" order by keycloak_user_id limit 1);
  both_owners text[] := pg_temp.tp_check_violations('public.settings',
    jsonb_build_object('id', -1, 'user_id', some_user, 'org_id', some_org, 'enable_default_condenser', true));
  no_owner text[] := pg_temp.tp_check_violations('public.settings',
    jsonb_build_object('id', -2, 'enable_default_condenser', true));
  user_only text[] := pg_temp.tp_check_violations('public.settings',
    jsonb_build_object('id', -3, 'user_id', some_user, 'enable_default_condenser', true));
  org_only text[] := pg_temp.tp_check_violations('public.settings',
    jsonb_build_object('id', -4, 'org_id', some_org, 'enable_default_condenser', true));
  inserted int := 0;
begin
  perform pg_temp.tp_check(
    both_owners = array['settings_exactly_one_owner'] and no_owner = array['settings_exactly_one_owner']
    and user_only = '{}' and org_only = '{}',
    format('a settings row must belong to exactly one of user / org (both: %s, neither: %s, user only: %s, org only: %s)',
           both_owners, no_owner, user_only, org_only));
  if user_only = '{}' then
    with i as (
      insert into public.settings (id, user_id, org_id) values (-3, some_user, null)
      returning 1)
    select count(*) into inserted from i;
  end if;
  perform pg_temp.tp_check(inserted = 1, 'a user-level settings row (user only) can be stored');
end
$$;

rollback;

-- -----------------------------------------------------------------------------
-- Data (057)
-- -----------------------------------------------------------------------------
do $$
begin
  perform pg_temp.tp_check(
    (select rank from public.role where name = 'admin') = 1
    and (select rank from public.role where name = 'user') = 1000
    and (select count(*) from public.role) = 2,
    'default roles: admin (rank 1) and user (rank 1000)');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select count(*) from public.user_settings) = 1200
    and (select max(updated_at) from public.user_settings) < '2025-01-01',
    'user_settings is untouched: 1200 rows, no row updated');
end
$$;

do $$
declare
  users int := (select count(*) from public."user");
  sources int := (select count(*) from public.user_settings where keycloak_user_id is not null);
begin
  perform pg_temp.tp_check(users = sources and users = 1188,
    format('one "user" per user_settings row with a keycloak_user_id (%s of %s)', users, sources));
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    not exists (select 1 from public."user" u
                where not exists (select 1 from public.user_settings us where us.keycloak_user_id = u.keycloak_user_id))
    and (select count(*) from public.user_settings us
         where us.keycloak_user_id is null
           and exists (select 1 from public.org o where o.name = 'user_' || us.id || '_org')) = 0,
    'the 12 rows without keycloak_user_id were skipped, no user was invented');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select count(*) from public.org) = 1188
    and (select count(*) from public.org o
         join public.user_settings us on o.name = 'user_' || us.id || '_org') = 1188,
    'one organization user_<id>_org per migrated user');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select count(*) from public.org_user) = 1188
    and not exists (
      select 1
      from public.user_settings us
      join public."user" u on u.keycloak_user_id = us.keycloak_user_id
      where (select count(*) from public.org_user ou
             join public.org o on o.id = ou.org_id and o.name = 'user_' || us.id || '_org'
             join public.role r on r.id = ou.role_id and r.name = 'admin'
             where ou.user_id = u.id and ou.status = 'active') <> 1),
    'every user is the active admin of their own organization');
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    not exists (select 1 from public.org_user ou
                where not exists (select 1 from public."user" u where u.id = ou.user_id)
                   or not exists (select 1 from public.org o where o.id = ou.org_id))
    and not exists (select 1 from public."user" u
                    join public.user_settings us on us.keycloak_user_id = u.keycloak_user_id
                    where u.current_org_id is distinct from
                          (select o.id from public.org o where o.name = 'user_' || us.id || '_org')),
    'no orphaned memberships; each user''s current org is their own organization');
end
$$;

do $$
declare
  mismatches bigint;
begin
  select count(*) into mismatches
  from public.user_settings us
  join public."user" u on u.keycloak_user_id = us.keycloak_user_id
  where u.accepted_tos is distinct from us.accepted_tos
     or u.enable_sound_notifications is distinct from us.enable_sound_notifications
     or u.user_consents_to_analytics is distinct from us.user_consents_to_analytics
     or u.created_at is distinct from us.created_at;
  perform pg_temp.tp_check(mismatches = 0,
    format('accepted_tos, enable_sound_notifications, analytics consent copied to "user" (%s mismatches)', mismatches));
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select count(*) from public.settings where org_id is not null) = 1188
    and (select count(*) from public.settings where user_id is not null) = 0,
    'one org-level settings row per organization, no user-level settings yet');
end
$$;

do $$
declare
  mismatches bigint;
begin
  select count(*) into mismatches
  from public.user_settings us
  join public.org o on o.name = 'user_' || us.id || '_org'
  left join public.settings s on s.org_id = o.id
  where s.id is null
     or (s.language, s.agent, s.max_iterations, s.security_analyzer, s.confirmation_mode,
         s.llm_model, s.llm_api_key, s.llm_base_url, s.remote_runtime_resource_factor,
         s.enable_default_condenser, s.billing_margin, s.sandbox_base_container_image,
         s.mcp_config, s.created_at, s.updated_at)
        is distinct from
        (us.language, us.agent, us.max_iterations, us.security_analyzer, us.confirmation_mode,
         us.llm_model, us.llm_api_key, us.llm_base_url, us.remote_runtime_resource_factor,
         us.enable_default_condenser, us.billing_margin, us.sandbox_base_container_image,
         us.mcp_config, us.created_at, us.updated_at);
  perform pg_temp.tp_check(mismatches = 0,
    format('all 15 configuration fields arrived unchanged in the org settings (%s mismatches)', mismatches));
end
$$;

do $$
begin
  perform pg_temp.tp_check(
    (select count(*) from public.settings where llm_api_key is not null)
      = (select count(*) from public.user_settings where keycloak_user_id is not null and llm_api_key is not null)
    and (select count(*) from public.settings where mcp_config is not null)
      = (select count(*) from public.user_settings where keycloak_user_id is not null and mcp_config is not null),
    'NULLs stayed NULL: as many API keys and MCP configs as before');
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
  drop function pg_temp.tp_check_violations(regclass, jsonb);
  drop sequence pg_temp.tp_passed;
  drop sequence pg_temp.tp_failed;
end
$$;
