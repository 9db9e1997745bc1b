-- =============================================================================
-- settings-to-orgs / 000_baseline.sql
--
-- Before: one flat user_settings row per person who ever logged in through
-- Keycloak, holding both personal preferences and what will become
-- organization-level configuration (model, API key, agent, limits...).
-- Integer ids, as an ORM-managed table usually has.
-- =============================================================================

create table public.user_settings (
  id                             serial primary key,
  keycloak_user_id               text constraint user_settings_keycloak_user_id_key unique,
  language                       text default 'en',
  agent                          text default 'CodeActAgent',
  max_iterations                 integer,
  security_analyzer              text,
  confirmation_mode              boolean default false,
  llm_model                      text,
  llm_api_key                    text,
  llm_base_url                   text,
  remote_runtime_resource_factor integer default 1,
  enable_default_condenser       boolean not null default true,
  enable_sound_notifications     boolean not null default false,
  user_consents_to_analytics     boolean,
  accepted_tos                   timestamptz,
  billing_margin                 double precision default 1.0,
  sandbox_base_container_image   text,
  mcp_config                     jsonb,
  github_user_id                 text,
  user_version                   integer not null default 0,
  created_at                     timestamptz not null default now(),
  updated_at                     timestamptz not null default now()
);

create index user_settings_github_user_id_idx on public.user_settings (github_user_id);

comment on table public.user_settings is 'Per-user preferences and configuration (pre-organizations).';
