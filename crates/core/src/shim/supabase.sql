-- =============================================================================
-- Tenant Planner — "Supabase profile" shim
-- =============================================================================
--
-- What this is
--   A small stand-in for the parts of a Supabase database that migration files
--   commonly depend on. Tenant Planner applies it, as the superuser `postgres`,
--   to a fresh database before the first file of a project that uses the
--   "supabase" profile, so that statements such as
--       create policy ... to authenticated using ((select auth.uid()) = owner_id)
--       references auth.users (id)
--       grant select on ... to anon
--   work as they would on a Supabase project.
--
-- What it provides
--   * roles      the API roles anon, authenticated (NOLOGIN NOINHERIT) and
--                service_role (NOLOGIN NOINHERIT BYPASSRLS), and the platform's
--                own roles with the attributes Supabase gives them:
--                  authenticator              LOGIN NOINHERIT, member of anon,
--                                             authenticated and service_role
--                                             (without inheriting, on PG 16+)
--                  supabase_admin             LOGIN SUPERUSER CREATEROLE CREATEDB
--                                             REPLICATION BYPASSRLS
--                  supabase_auth_admin        LOGIN NOINHERIT CREATEROLE
--                  supabase_storage_admin     LOGIN NOINHERIT CREATEROLE, member
--                                             of authenticator
--                  supabase_functions_admin   LOGIN NOINHERIT CREATEROLE
--                  supabase_realtime_admin    NOLOGIN NOINHERIT
--                  supabase_replication_admin LOGIN REPLICATION
--                  supabase_read_only_user    LOGIN BYPASSRLS
--                  dashboard_user             NOLOGIN CREATEROLE CREATEDB REPLICATION
--                  pgbouncer                  LOGIN
--                (no passwords: nothing logs in here)
--   * schema     extensions: uuid-ossp, pgcrypto and pg_stat_statements
--                installed there, as on every Supabase database — each only
--                when the engine ships it (the browser's PGlite ships all three;
--                the command line's pglite-oxide none: the run lists what is
--                missing, and the project option "stand in unavailable
--                extensions" puts documented stand-ins there instead)
--   * search_path "$user", public, extensions — for this session, the database
--                and the role postgres, as Supabase sets it
--   * schema     auth:    tables auth.users and auth.identities with GoTrue's
--                         columns; functions auth.uid(), auth.role(),
--                         auth.email(), auth.jwt()
--   * schema     storage: tables storage.buckets, storage.objects (RLS enabled),
--                         functions storage.foldername(), storage.filename(),
--                         storage.extension()
--   * schema     realtime: table realtime.messages (RLS enabled), functions
--                         realtime.topic(), realtime.send()
--   * schema     vault:   table vault.secrets, view vault.decrypted_secrets,
--                         functions vault.create_secret(), vault.update_secret()
--                         (a stand-in for the supabase_vault extension: secrets
--                         are stored as plain text, nothing is encrypted)
--   * publication supabase_realtime (no tables), for ALTER PUBLICATION … ADD TABLE
--   * grants     usage on public/auth/storage/extensions to the API roles, and
--                default privileges so that every table, sequence and function
--                that `postgres` later creates in schema public is granted to
--                anon, authenticated and service_role (as on Supabase: the API
--                roles get privileges on every new public table, and RLS is what
--                actually protects the rows).
--
-- How requests are simulated
--   Like PostgREST, the auth.* functions read the JWT claims from the setting
--   `request.jwt.claims` (a JSON text) and fall back to the older per-claim
--   settings `request.jwt.claim.sub` / `.role` / `.email`. To act as a user:
--       select set_config('request.jwt.claims',
--              json_build_object('sub', '<uuid>', 'role', 'authenticated')::text,
--              true);
--       set local role authenticated;      -- postgres bypasses RLS, this role does not
--       ...
--       reset role;
--
-- What it is not
--   Not GoTrue, not the storage API, not the Realtime server, no pg_graphql,
--   pg_net, pg_cron, pgsodium or supabase_vault extensions (PGlite does not
--   ship them; a project that creates one gets a message naming it, or the
--   stand-in the project option provides), no encryption in vault. Everything
--   here is plain PostgreSQL (gen_random_uuid() is built in since PostgreSQL 13).
--   A `CREATE EXTENSION IF NOT EXISTS` of pg_graphql, supabase_vault, pgsodium or
--   pgjwt (installed on Supabase databases; `supabase db dump` writes these) gets
--   the extension's schema as a stand-in, listed in the report: on Supabase the
--   statement changes nothing.
--
-- Rules this file follows
--   * Every statement ends with `;` and function bodies are quoted with $$, so
--     it runs both in one go and statement by statement (autocommit).
--   * It is idempotent: roles are created only when missing (roles are
--     cluster-wide on a real server), everything else uses IF NOT EXISTS /
--     OR REPLACE, so it may be applied twice.
-- =============================================================================


-- -----------------------------------------------------------------------------
-- Roles used by the Supabase API (PostgREST switches to one of them per request)
-- and the platform's own roles (its services log in as them)
-- -----------------------------------------------------------------------------
do $$
declare
  r record;
begin
  for r in
    select * from (values
      ('anon',                       'nologin noinherit'),
      ('authenticated',              'nologin noinherit'),
      ('service_role',               'nologin noinherit bypassrls'),
      ('authenticator',              'login noinherit'),
      ('supabase_admin',             'login superuser createrole createdb replication bypassrls'),
      ('supabase_auth_admin',        'login noinherit createrole'),
      ('supabase_storage_admin',     'login noinherit createrole'),
      ('supabase_functions_admin',   'login noinherit createrole'),
      ('supabase_realtime_admin',    'nologin noinherit'),
      ('supabase_replication_admin', 'login replication'),
      ('supabase_read_only_user',    'login bypassrls'),
      ('dashboard_user',             'nologin createrole createdb replication'),
      ('pgbouncer',                  'login')
    ) as v (name, attributes)
  loop
    if not exists (select 1 from pg_catalog.pg_roles where rolname = r.name) then
      execute format('create role %I %s', r.name, r.attributes);
    end if;
  end loop;
  -- PostgREST logs in as authenticator and switches to an API role per request: on
  -- PostgreSQL 16+ Supabase grants those roles without inheritance.
  if current_setting('server_version_num')::int >= 160000 then
    execute 'grant anon, authenticated, service_role to authenticator with inherit false';
  else
    execute 'grant anon, authenticated, service_role to authenticator';
  end if;
  grant authenticator to supabase_storage_admin;
end
$$;


-- -----------------------------------------------------------------------------
-- extensions schema: the default extensions, and the search_path that finds them
-- -----------------------------------------------------------------------------
create schema if not exists extensions;

do $$
declare
  e text;
begin
  foreach e in array array['uuid-ossp', 'pgcrypto', 'pg_stat_statements'] loop
    if exists (select 1 from pg_catalog.pg_available_extensions where name = e) then
      execute format('create extension if not exists %I with schema extensions', e);
    end if;
  end loop;
  execute format('alter database %I set search_path to "$user", public, extensions', current_database());
  if exists (select 1 from pg_catalog.pg_roles where rolname = 'postgres') then
    alter role postgres set search_path to "$user", public, extensions;
  end if;
end
$$;

set search_path to "$user", public, extensions;

grant usage on schema extensions to anon, authenticated, service_role;


-- -----------------------------------------------------------------------------
-- auth schema: the users table that GoTrue owns, and the JWT helper functions
-- -----------------------------------------------------------------------------
create schema if not exists auth;

create table if not exists auth.users (
  instance_id                 uuid,
  id                          uuid primary key default gen_random_uuid(),
  aud                         varchar(255),
  role                        varchar(255),
  email                       varchar(255),
  encrypted_password          varchar(255),
  email_confirmed_at          timestamptz,
  invited_at                  timestamptz,
  confirmation_token          varchar(255),
  confirmation_sent_at        timestamptz,
  recovery_token              varchar(255),
  recovery_sent_at            timestamptz,
  email_change_token_new      varchar(255),
  email_change                varchar(255),
  email_change_sent_at        timestamptz,
  last_sign_in_at             timestamptz,
  raw_app_meta_data           jsonb default '{}'::jsonb,
  raw_user_meta_data          jsonb default '{}'::jsonb,
  is_super_admin              boolean,
  created_at                  timestamptz default now(),
  updated_at                  timestamptz default now(),
  phone                       text unique default null,
  phone_confirmed_at          timestamptz,
  phone_change                text default '',
  phone_change_token          varchar(255) default '',
  phone_change_sent_at        timestamptz,
  confirmed_at                timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  email_change_token_current  varchar(255) default '',
  email_change_confirm_status smallint default 0 check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2),
  banned_until                timestamptz,
  reauthentication_token      varchar(255) default '',
  reauthentication_sent_at    timestamptz,
  is_sso_user                 boolean not null default false,
  deleted_at                  timestamptz,
  is_anonymous                boolean not null default false
);

-- GoTrue keeps e-mail addresses unique among non-SSO users.
create unique index if not exists users_email_partial_key on auth.users (email) where (is_sso_user = false);

comment on table auth.users is 'Tenant Planner shim: stand-in for the Supabase (GoTrue) users table.';

-- The sign-in identities of each user (one per provider).
create table if not exists auth.identities (
  provider_id     text not null,
  user_id         uuid not null references auth.users (id) on delete cascade,
  identity_data   jsonb not null,
  provider        text not null,
  last_sign_in_at timestamptz,
  created_at      timestamptz,
  updated_at      timestamptz,
  email           text generated always as (lower(identity_data ->> 'email')) stored,
  id              uuid primary key default gen_random_uuid(),
  constraint identities_provider_id_provider_unique unique (provider_id, provider)
);

create index if not exists identities_user_id_idx on auth.identities (user_id);

-- The user id ("sub" claim) of the current request, or null.
create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub', ''),
    nullif(current_setting('request.jwt.claim.sub', true), '')
  )::uuid
$$;

-- The role claim of the current request ('anon', 'authenticated', 'service_role'), or null.
create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', ''),
    nullif(current_setting('request.jwt.claim.role', true), '')
  )::text
$$;

-- The email claim of the current request, or null.
create or replace function auth.email() returns text
language sql stable
as $$
  select coalesce(
    nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email', ''),
    nullif(current_setting('request.jwt.claim.email', true), '')
  )::text
$$;

-- All claims of the current request as jsonb, or null.
create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claims', true), ''),
    nullif(current_setting('request.jwt.claim', true), '')
  )::jsonb
$$;


-- -----------------------------------------------------------------------------
-- storage schema: buckets and objects (metadata only; there are no files here)
-- -----------------------------------------------------------------------------
create schema if not exists storage;

create table if not exists storage.buckets (
  id                 text primary key,
  name               text not null unique,
  owner              uuid,
  created_at         timestamptz default now(),
  updated_at         timestamptz default now(),
  public             boolean default false,
  avif_autodetection boolean default false,
  file_size_limit    bigint,
  allowed_mime_types text[],
  owner_id           text
);

create table if not exists storage.objects (
  id               uuid primary key default gen_random_uuid(),
  bucket_id        text references storage.buckets (id),
  name             text,
  owner            uuid,
  created_at       timestamptz default now(),
  updated_at       timestamptz default now(),
  last_accessed_at timestamptz default now(),
  metadata         jsonb,
  path_tokens      text[] generated always as (string_to_array(name, '/')) stored,
  version          text,
  owner_id         text,
  user_metadata    jsonb,
  constraint objects_bucket_id_name_key unique (bucket_id, name)
);

create index if not exists objects_bucket_id_idx on storage.objects (bucket_id);

alter table storage.buckets enable row level security;

alter table storage.objects enable row level security;

-- 'a/b/c.png' -> {a,b}
create or replace function storage.foldername(name text) returns text[]
language sql immutable
as $$
  select (string_to_array(name, '/'))[1 : cardinality(string_to_array(name, '/')) - 1]
$$;

-- 'a/b/c.png' -> 'c.png'
create or replace function storage.filename(name text) returns text
language sql immutable
as $$
  select (string_to_array(name, '/'))[cardinality(string_to_array(name, '/'))]
$$;

-- 'a/b/c.png' -> 'png'
create or replace function storage.extension(name text) returns text
language sql immutable
as $$
  select case
           when storage.filename(name) like '%.%'
             then reverse(split_part(reverse(storage.filename(name)), '.', 1))
           else ''
         end
$$;


-- -----------------------------------------------------------------------------
-- realtime schema: the messages Realtime broadcasts (authorized by RLS policies
-- that migrations add), and the helpers those policies call
-- -----------------------------------------------------------------------------
create schema if not exists realtime;

create table if not exists realtime.messages (
  topic       text not null,
  extension   text not null,
  payload     jsonb,
  event       text,
  private     boolean default false,
  updated_at  timestamp not null default now(),
  inserted_at timestamp not null default now(),
  id          uuid not null default gen_random_uuid(),
  primary key (id, inserted_at)
);

alter table realtime.messages enable row level security;

-- The topic of the channel the current request joins, or null.
create or replace function realtime.topic() returns text
language sql stable
as $$
  select nullif(current_setting('realtime.topic', true), '')::text
$$;

-- Broadcast a message on a topic (here: only stored in realtime.messages).
create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true) returns void
language sql volatile
as $$
  insert into realtime.messages (payload, event, topic, private, extension)
  values (payload, event, topic, private, 'broadcast')
$$;

grant usage on schema realtime to anon, authenticated, service_role;

grant select, insert, update on table realtime.messages to anon, authenticated, service_role;


-- -----------------------------------------------------------------------------
-- vault schema: a stand-in for the supabase_vault extension (no encryption)
-- -----------------------------------------------------------------------------
create schema if not exists vault;

create table if not exists vault.secrets (
  id          uuid primary key default gen_random_uuid(),
  name        text,
  description text not null default '',
  secret      text not null,
  key_id      uuid,
  nonce       bytea,
  created_at  timestamptz not null default current_timestamp,
  updated_at  timestamptz not null default current_timestamp
);

create unique index if not exists secrets_name_idx on vault.secrets (name) where name is not null;

comment on table vault.secrets is 'Tenant Planner shim: stand-in for the supabase_vault extension; secrets are stored as plain text.';

create or replace view vault.decrypted_secrets as
  select id, name, description, secret, secret as decrypted_secret, key_id, nonce, created_at, updated_at
  from vault.secrets;

create or replace function vault.create_secret(new_secret text, new_name text default null, new_description text default '', new_key_id uuid default null) returns uuid
language sql volatile
as $$
  insert into vault.secrets (secret, name, description, key_id)
  values (new_secret, new_name, coalesce(new_description, ''), new_key_id)
  returning id
$$;

create or replace function vault.update_secret(secret_id uuid, new_secret text default null, new_name text default null, new_description text default null, new_key_id uuid default null) returns void
language sql volatile
as $$
  update vault.secrets
     set secret = coalesce(new_secret, secret),
         name = coalesce(new_name, name),
         description = coalesce(new_description, description),
         key_id = coalesce(new_key_id, key_id),
         updated_at = now()
   where id = secret_id
$$;

revoke all on table vault.secrets, vault.decrypted_secrets from public;

revoke all on function vault.create_secret(text, text, text, uuid), vault.update_secret(uuid, text, text, text, uuid) from public;

grant usage on schema vault to service_role;

grant select on table vault.decrypted_secrets to service_role;


-- -----------------------------------------------------------------------------
-- The publication Realtime listens to (migrations add their tables to it)
-- -----------------------------------------------------------------------------
do $$
begin
  if not exists (select 1 from pg_catalog.pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;


-- -----------------------------------------------------------------------------
-- Grants, as on a Supabase project
-- -----------------------------------------------------------------------------
grant usage on schema public to anon, authenticated, service_role;

grant usage on schema auth to anon, authenticated, service_role;

grant usage on schema storage to anon, authenticated, service_role;

-- Everything postgres creates in public from now on is reachable by the API
-- roles; row level security decides which rows they see.
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;

alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;

alter default privileges in schema public grant all on functions to anon, authenticated, service_role;

grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt()
  to anon, authenticated, service_role;

grant execute on function storage.foldername(text), storage.filename(text), storage.extension(text)
  to anon, authenticated, service_role;

grant select on table storage.buckets, storage.objects to anon, authenticated, service_role;

grant insert, update, delete on table storage.buckets, storage.objects to authenticated, service_role;
