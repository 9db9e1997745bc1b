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
--   * roles      anon, authenticated (NOLOGIN NOINHERIT),
--                service_role (NOLOGIN NOINHERIT BYPASSRLS)
--   * schema     auth:    table auth.users; functions auth.uid(), auth.role(),
--                         auth.email(), auth.jwt()
--   * schema     storage: tables storage.buckets, storage.objects (RLS enabled),
--                         functions storage.foldername(), storage.filename(),
--                         storage.extension()
--   * grants     usage on public/auth/storage to the API roles, and default
--                privileges so that every table, sequence and function that
--                `postgres` later creates in schema public is granted to anon,
--                authenticated and service_role (as on Supabase: the API roles
--                get privileges on every new public table, and RLS is what
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
--   Not GoTrue, not the storage API, no `authenticator` / `supabase_*_admin`
--   roles, no realtime, no extensions. Everything here is plain PostgreSQL
--   (gen_random_uuid() is built in since PostgreSQL 13).
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
-- -----------------------------------------------------------------------------
do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;


-- -----------------------------------------------------------------------------
-- auth schema: the users table that GoTrue owns, and the JWT helper functions
-- -----------------------------------------------------------------------------
create schema if not exists auth;

create table if not exists auth.users (
  id                 uuid primary key default gen_random_uuid(),
  aud                text,
  role               text,
  email              text unique,
  encrypted_password text,
  email_confirmed_at timestamptz,
  last_sign_in_at    timestamptz,
  raw_app_meta_data  jsonb default '{}'::jsonb,
  raw_user_meta_data jsonb default '{}'::jsonb,
  created_at         timestamptz default now(),
  updated_at         timestamptz default now()
);

comment on table auth.users is 'Tenant Planner shim: stand-in for the Supabase (GoTrue) users table.';

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
  public             boolean default false,
  file_size_limit    bigint,
  allowed_mime_types text[],
  created_at         timestamptz default now(),
  updated_at         timestamptz default now()
);

create table if not exists storage.objects (
  id               uuid primary key default gen_random_uuid(),
  bucket_id        text references storage.buckets (id),
  name             text,
  owner            uuid,
  metadata         jsonb,
  path_tokens      text[] generated always as (string_to_array(name, '/')) stored,
  created_at       timestamptz default now(),
  updated_at       timestamptz default now(),
  last_accessed_at timestamptz default now(),
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
