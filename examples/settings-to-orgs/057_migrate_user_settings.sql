-- =============================================================================
-- settings-to-orgs / 057_migrate_user_settings.sql      (up, revision 057)
--
-- Moves every user_settings row that has a keycloak_user_id into the new
-- structure:
--   * an org named user_<user_settings.id>_org
--   * a "user" with accepted_tos / enable_sound_notifications / analytics consent
--   * an org_user link with the admin role
--   * org-level settings with the rest of the fields
-- in batches of 250 users (keyset pagination on user_settings.id), with a
-- progress notice after each batch. Ids are derived from the source row, and
-- every insert is ON CONFLICT DO NOTHING, so an interrupted run can simply be
-- started again. user_settings itself is left untouched.
-- Undo: 057_migrate_user_settings_down.sql.
-- =============================================================================

-- Default roles: admin is the highest privilege (rank 1), user the standard one.
insert into public.role (name, rank)
values ('admin', 1), ('user', 1000)
on conflict (name) do nothing;

do $$
declare
  batch_size constant integer := 250;
  admin_role integer;
  total      integer;
  migrated   integer := 0;
  last_id    integer := 0;
  batch_last integer;
  batch_rows integer;
begin
  select id into strict admin_role from public.role where name = 'admin';
  select count(*) into total from public.user_settings where keycloak_user_id is not null;

  loop
    select max(b.id), count(*)
      into batch_last, batch_rows
      from (select us.id
              from public.user_settings us
             where us.keycloak_user_id is not null
               and us.id > last_id
             order by us.id
             limit batch_size) as b;
    exit when batch_rows = 0;

    insert into public.org (id, name, org_version, created_at, updated_at)
    select md5('org:user_settings:' || us.id)::uuid, 'user_' || us.id || '_org', 0, us.created_at, us.updated_at
      from public.user_settings us
     where us.keycloak_user_id is not null and us.id > last_id and us.id <= batch_last
    on conflict do nothing;

    insert into public."user" (id, keycloak_user_id, accepted_tos, enable_sound_notifications,
                               user_consents_to_analytics, current_org_id, created_at, updated_at)
    select md5('user:' || us.keycloak_user_id)::uuid, us.keycloak_user_id, us.accepted_tos,
           us.enable_sound_notifications, us.user_consents_to_analytics,
           md5('org:user_settings:' || us.id)::uuid, us.created_at, us.updated_at
      from public.user_settings us
     where us.keycloak_user_id is not null and us.id > last_id and us.id <= batch_last
    on conflict do nothing;

    insert into public.org_user (org_id, user_id, role_id, status, created_at, updated_at)
    select md5('org:user_settings:' || us.id)::uuid, md5('user:' || us.keycloak_user_id)::uuid,
           admin_role, 'active', us.created_at, us.updated_at
      from public.user_settings us
     where us.keycloak_user_id is not null and us.id > last_id and us.id <= batch_last
    on conflict do nothing;

    insert into public.settings (org_id, language, agent, max_iterations, security_analyzer, confirmation_mode,
                                 llm_model, llm_api_key, llm_base_url, remote_runtime_resource_factor,
                                 enable_default_condenser, billing_margin, sandbox_base_container_image,
                                 mcp_config, created_at, updated_at)
    select md5('org:user_settings:' || us.id)::uuid, us.language, us.agent, us.max_iterations,
           us.security_analyzer, us.confirmation_mode, us.llm_model, us.llm_api_key, us.llm_base_url,
           us.remote_runtime_resource_factor, us.enable_default_condenser, us.billing_margin,
           us.sandbox_base_container_image, us.mcp_config, us.created_at, us.updated_at
      from public.user_settings us
     where us.keycloak_user_id is not null and us.id > last_id and us.id <= batch_last
    on conflict do nothing;

    migrated := migrated + batch_rows;
    last_id := batch_last;
    raise notice 'migrated % of % users', migrated, total;
  end loop;

  raise notice 'skipped % user_settings rows without keycloak_user_id',
    (select count(*) from public.user_settings where keycloak_user_id is null);
end
$$;
