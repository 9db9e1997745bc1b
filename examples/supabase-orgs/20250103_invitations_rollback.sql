-- =============================================================================
-- supabase-orgs / 20250103_invitations_rollback.sql     (rollback)
--
-- Undoes 20250103_invitations.sql. Rollback files run in reverse name order,
-- so this one runs before 20250102_organizations_rollback.sql.
-- Pending invitations are lost; memberships created by accepted invitations
-- are removed by the 20250102 rollback together with the organizations.
-- =============================================================================

drop function if exists public.accept_invitation(text);

-- Its policies and indexes go with the table.
drop table if exists public.organization_invitations;
