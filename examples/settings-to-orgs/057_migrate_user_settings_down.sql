-- =============================================================================
-- settings-to-orgs / 057_migrate_user_settings_down.sql (rollback of 057)
--
-- Deletes what 057 created and only that: the user_<id>_org organizations
-- (their memberships and settings go with them through ON DELETE CASCADE),
-- the users that came from user_settings, and the default roles if nothing
-- uses them any more. The tables stay (056_create_org_tables_down.sql drops
-- them); user_settings is untouched, so nothing a user set is lost.
-- =============================================================================

delete from public.org o
 where o.name ~ '^user_[0-9]+_org$'
   and exists (select 1 from public.user_settings us where o.name = 'user_' || us.id || '_org');

delete from public."user" u
 where exists (select 1 from public.user_settings us where us.keycloak_user_id = u.keycloak_user_id)
   and not exists (select 1 from public.org_user ou where ou.user_id = u.id);

delete from public.role r
 where r.name in ('admin', 'user')
   and not exists (select 1 from public.org_user ou where ou.role_id = r.id);
