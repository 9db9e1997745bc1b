-- =============================================================================
-- settings-to-orgs / 001_seed.sql
--
-- 1200 user_settings rows made with generate_series; every value is derived
-- from the row number, so the data is the same on every run (no random()).
-- Every 100th row has no keycloak_user_id (legacy rows from before SSO):
-- 12 such rows, 1188 migratable users.
-- =============================================================================

insert into public.user_settings (
  keycloak_user_id, language, agent, max_iterations, security_analyzer, confirmation_mode,
  llm_model, llm_api_key, llm_base_url, remote_runtime_resource_factor, enable_default_condenser,
  enable_sound_notifications, user_consents_to_analytics, accepted_tos, billing_margin,
  sandbox_base_container_image, mcp_config, github_user_id, user_version, created_at, updated_at)
select
  case when i % 100 <> 0 then md5('keycloak:' || i)::uuid::text end,
  (array['en', 'en', 'en', 'de', 'fr', 'es', 'ja', 'zh-Hans', 'pt', 'ko'])[1 + i % 10],
  case when i % 17 = 0 then 'BrowsingAgent' else 'CodeActAgent' end,
  case when i % 5 = 0 then 100 + (i % 4) * 50 end,
  case when i % 9 = 0 then 'invariant' end,
  i % 6 = 0,
  (array['anthropic/claude-sonnet-4', 'openai/gpt-4o', 'litellm_proxy/claude-sonnet-4', null])[1 + i % 4],
  case when i % 4 <> 3 then 'fake-key-' || substr(md5('api-key:' || i), 1, 24) end,
  case when i % 4 = 2 then 'https://llm-proxy.internal.example/v1' end,
  1 + (i % 3 = 0)::int,
  i % 11 <> 0,
  i % 7 = 0,
  case i % 3 when 0 then true when 1 then false end,
  case when i % 8 <> 0 then timestamptz '2024-03-01 00:00:00+00' + i * interval '5 hours' end,
  case when i % 25 = 0 then 1.25 else 1.0 end,
  case when i % 13 = 0 then 'nikolaik/python-nodejs:python3.12-nodejs22' end,
  case when i % 10 = 0 then jsonb_build_object('sse_servers', jsonb_build_array('https://mcp.example/sse'), 'stdio_servers', jsonb_build_array()) end,
  case when i % 2 = 0 then (100000 + i * 37)::text end,
  (i % 4),
  timestamptz '2024-03-01 00:00:00+00' + i * interval '5 hours',
  timestamptz '2024-03-01 00:00:00+00' + i * interval '5 hours' + (i % 30) * interval '24 hours'
from generate_series(1, 1200) as i
order by i;
