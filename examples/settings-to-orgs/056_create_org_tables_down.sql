-- =============================================================================
-- settings-to-orgs / 056_create_org_tables_down.sql     (rollback of 056)
--
-- Drops the organizational tables, children first. Runs after
-- 057_migrate_user_settings_down.sql (rollbacks run in reverse name order).
-- user_settings is never touched, so no user data is lost.
-- =============================================================================

drop table if exists public.settings;

drop table if exists public.org_user;

drop table if exists public."user";

drop table if exists public.org;

drop table if exists public.role;
