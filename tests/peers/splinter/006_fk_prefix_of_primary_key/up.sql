-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0001_unindexed_foreign_keys.sql
-- test: Issue 90: a foreign key that is a leading prefix of an existing index (the primary key) is indexed
-- Nothing here is copied from upstream.

create table public.workspace_members (
    workspace_id uuid not null references public.workspaces (id),
    member_id uuid not null,
    primary key (workspace_id, member_id)
);
