-- =============================================================================
-- settings-to-orgs / validate_migration.sql             (validation)
--
-- Checks 056 + 057 on top of 000_baseline.sql + 001_seed.sql: the structure,
-- the counts (1200 user_settings rows, 1188 with a keycloak_user_id), and that
-- every value arrived where it belongs. Every check prints NOTICE
-- "PASS: <what>" or "FAIL: <what>"; the last statement prints
-- "RESULT: <n> passed, <m> failed". The one check that writes does it inside
-- a sub-block that is undone by raising the private SQLSTATE 'TPRB0'.
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

-- The owner check is exercised, not just looked up (explicit ids: no sequence moves).
do $$
declare
  some_org uuid := (select id from public.org order by name limit 1);
  some_user uuid := (select id from public."user" order by keycloak_user_id limit 1);
  both_rejected boolean := false;
  none_rejected boolean := false;
  err text;
begin
  begin
    begin
      insert into public.settings (id, user_id, org_id) values (-1, some_user, some_org);
    exception when check_violation then
      both_rejected := true;
    end;
    begin
      insert into public.settings (id, user_id, org_id) values (-2, null, null);
    exception when check_violation then
      none_rejected := true;
    end;
    raise exception using errcode = 'TPRB0', message = 'undo';
  exception
    when sqlstate 'TPRB0' then null;
    when others then err := sqlerrm;
  end;
  perform pg_temp.tp_check(err is null and both_rejected and none_rejected,
    'a settings row must belong to exactly one of user / org (both and neither are rejected)');
  if err is not null then
    perform pg_temp.tp_check(false, 'unexpected error: ' || err);
  end if;
end
$$;

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
