-- =============================================================================
-- client-id-backfill / 001_add_organizations.sql        (up, phase 1 step 1)
--
-- Adds the tenant tables without touching existing data:
--   organizations       one row per client (tenant)
--   user_organizations  which user works for which client, with a role
--   migration_log       a trail of what each phase did (read it after a run)
-- =============================================================================

create table public.migration_log (
  id         bigint generated always as identity primary key,
  phase      text not null,
  operation  text not null,
  status     text not null constraint migration_log_status_check check (status in ('started', 'completed', 'failed', 'skipped')),
  details    jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create table public.organizations (
  id         uuid primary key default gen_random_uuid(),
  name       text not null constraint organizations_name_key unique,
  slug       text not null constraint organizations_slug_key unique
             constraint organizations_slug_check check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  settings   jsonb not null default '{}'::jsonb,
  is_active  boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.organizations is 'Clients (tenants). Every client-scoped row carries client_id = organizations.id.';

create table public.user_organizations (
  id              uuid primary key default gen_random_uuid(),
  user_id         uuid not null references public.users (id) on delete cascade,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  role            text not null default 'member'
                  constraint user_organizations_role_check check (role in ('owner', 'admin', 'member', 'viewer')),
  is_active       boolean not null default true,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  constraint user_organizations_user_id_organization_id_key unique (user_id, organization_id)
);

-- The unique constraint serves lookups by user; this one lists a client's members.
create index user_organizations_organization_id_idx
  on public.user_organizations (organization_id) where is_active;

insert into public.migration_log (phase, operation, status, details)
values ('phase_1', 'create_organization_tables', 'completed',
        jsonb_build_object('tables', jsonb_build_array('organizations', 'user_organizations', 'migration_log')));
