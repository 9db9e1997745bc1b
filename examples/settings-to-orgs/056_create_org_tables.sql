-- =============================================================================
-- settings-to-orgs / 056_create_org_tables.sql          (up, revision 056)
--
-- The organizational structure, empty (057 fills it):
--   role      named roles with a rank (lower rank = more privilege)
--   org       organizations
--   "user"    one row per Keycloak identity ("user" is a reserved word: quoted)
--   org_user  membership of a user in an org, with a role and a status
--   settings  configuration owned by EITHER a user OR an org, never both
-- Undo: 056_create_org_tables_down.sql.
-- =============================================================================

create table public.role (
  id         serial primary key,
  name       text not null constraint role_name_key unique,
  rank       integer not null constraint role_rank_key unique,
  created_at timestamptz not null default now()
);

create table public.org (
  id                      uuid primary key default gen_random_uuid(),
  name                    text not null constraint org_name_key unique,
  contact_name            text,
  contact_email           text,
  conversation_expiration integer,
  org_version             integer not null default 0,
  created_at              timestamptz not null default now(),
  updated_at              timestamptz not null default now()
);

create table public."user" (
  id                         uuid primary key default gen_random_uuid(),
  keycloak_user_id           text not null constraint user_keycloak_user_id_key unique,
  accepted_tos               timestamptz,
  enable_sound_notifications boolean not null default false,
  user_consents_to_analytics boolean,
  current_org_id             uuid constraint user_current_org_id_fkey references public.org (id) on delete set null,
  created_at                 timestamptz not null default now(),
  updated_at                 timestamptz not null default now()
);

create table public.org_user (
  org_id     uuid not null constraint org_user_org_id_fkey references public.org (id) on delete cascade,
  user_id    uuid not null constraint org_user_user_id_fkey references public."user" (id) on delete cascade,
  role_id    integer not null constraint org_user_role_id_fkey references public.role (id),
  status     text not null default 'active' constraint org_user_status_check check (status in ('active', 'invited', 'disabled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint org_user_pkey primary key (org_id, user_id)
);

create index org_user_user_id_idx on public.org_user (user_id);

create index org_user_role_id_idx on public.org_user (role_id);

create table public.settings (
  id                             serial primary key,
  user_id                        uuid constraint settings_user_id_fkey references public."user" (id) on delete cascade,
  org_id                         uuid constraint settings_org_id_fkey references public.org (id) on delete cascade,
  language                       text,
  agent                          text,
  max_iterations                 integer,
  security_analyzer              text,
  confirmation_mode              boolean,
  llm_model                      text,
  llm_api_key                    text,
  llm_base_url                   text,
  remote_runtime_resource_factor integer,
  enable_default_condenser       boolean not null default true,
  billing_margin                 double precision,
  sandbox_base_container_image   text,
  mcp_config                     jsonb,
  created_at                     timestamptz not null default now(),
  updated_at                     timestamptz not null default now(),
  -- a settings row belongs to exactly one of: a user, an org
  constraint settings_exactly_one_owner check (num_nonnulls(user_id, org_id) = 1)
);

-- At most one settings row per user and per org.
create unique index settings_user_id_key on public.settings (user_id) where user_id is not null;

create unique index settings_org_id_key on public.settings (org_id) where org_id is not null;
