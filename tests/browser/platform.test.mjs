// The platform in the browser: PGlite's extensions, an extension nobody ships (named, then stood
// in by the project option, which travels in the share link and the report), the Supabase
// profile's platform objects, and a pg_dump with COPY data as the baseline.
// Expected outcomes are written in each test before it first ran.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, loadBuffers, finishedRun, ARTIFACTS, openLinkFresh } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

const EXTENSIONS = `create extension if not exists unaccent;
create extension if not exists pg_trgm;
create extension if not exists citext;
create extension if not exists ltree;
create extension if not exists hstore;
create extension if not exists "uuid-ossp";
create extension if not exists pgcrypto;
create extension if not exists fuzzystrmatch;
create table places (
  id uuid primary key default uuid_generate_v4(),
  name citext not null,
  path ltree,
  attrs hstore,
  token bytea not null default gen_random_bytes(8)
);
insert into places (name, path, attrs) values (unaccent('Hélène'), 'eu.fr', 'k=>v');
`;

const JOBS = `create extension if not exists pg_cron;
select cron.schedule('nightly-cleanup', '0 3 * * *', 'delete from places');
`;

test('PGlite extensions load; an unshipped one is named, then stood in by the project option, which travels', async () => {
  const page = await app.page();
  await loadBuffers(page, [['001_extensions.sql', EXTENSIONS]]);
  const r1 = await finishedRun(page);
  assert.equal(r1.statements.failed, 0, JSON.stringify(r1.errors));
  assert.equal(r1.catalog.after_up.tables['public.places'].row_count, 1);
  // The database loaded the bundles of the extensions the files create (PGlite takes them at start).
  for (const e of ['pgcrypto', 'uuid-ossp', 'unaccent', 'pg_trgm', 'citext', 'ltree', 'hstore', 'fuzzystrmatch']) {
    assert.ok(r1.platform.available_extensions.includes(e), `${e} in ${r1.platform.available_extensions}`);
  }
  assert.equal(r1.stand_in_extensions, false);

  await loadBuffers(page, [['002_jobs.sql', JOBS]]);
  const r2 = await finishedRun(page);
  assert.equal(r2.outcome, 'stopped');
  assert.equal(r2.errors.length, 1);
  assert.deepEqual([r2.errors[0].file, r2.errors[0].line, r2.errors[0].sqlstate], ['002_jobs.sql', 1, '0A000']);
  assert.match(r2.errors[0].hint, /extension "pg_cron" \(job scheduler\) is not available here\. A Supabase database has it.*Stand in unavailable extensions/);
  assert.deepEqual(r2.platform.unavailable.map((u) => [u.extension, u.at]), [['pg_cron', '002_jobs.sql:1']]);

  await page.click('[data-testid=tab-shim]');
  await page.check('[data-testid=stand-in-extensions]');
  const r3 = await finishedRun(page);
  assert.equal(r3.statements.failed, 0, JSON.stringify(r3.errors));
  assert.equal(r3.stand_in_extensions, true);
  assert.deepEqual(r3.platform.stand_ins.map((s) => [s.extension, s.schema, s.at]), [['pg_cron', 'cron', '002_jobs.sql:1']]);
  assert.ok(r3.notices.some((n) => n.file === '002_jobs.sql' && n.line === 1 && /stood in by schema cron/.test(n.message)), JSON.stringify(r3.notices));
  await page.waitForSelector('[data-testid=platform-stand-ins] li[data-ext=pg_cron]');
  await page.screenshot({ path: path.join(ARTIFACTS, 'platform-profile-tab.png') });

  const { link, ctx, fresh } = await openLinkFresh(app, page);
  const r4 = await finishedRun(fresh);
  assert.equal(r4.stand_in_extensions, true);
  assert.equal(r4.statements.failed, 0);
  // The link reopens the Profile tab (the view it was copied from), the option ticked.
  assert.equal(await fresh.isChecked('[data-testid=stand-in-extensions]'), true);
  await ctx.close();
});

test('the Supabase profile has the platform objects migrations touch', async () => {
  const page = await app.page();
  await loadBuffers(page, [['20240101000000_notes.sql', `create table public.notes (
  id uuid primary key default extensions.uuid_generate_v4(),
  owner_id uuid not null default auth.uid() references auth.users (id),
  token text not null default encode(gen_random_bytes(12), 'hex'),
  body text
);
alter table public.notes enable row level security;
create policy "own notes" on public.notes for all to authenticated using (owner_id = (select auth.uid()));
alter publication supabase_realtime add table public.notes;
grant select on public.notes to authenticator, supabase_auth_admin;
create policy "members read the topic" on realtime.messages for select to authenticated using (realtime.topic() = 'notes');
select vault.create_secret('service-key', 'stripe', 'the Stripe key');
insert into auth.users (id, email, instance_id, aud, role, is_sso_user) values ('00000000-0000-0000-0000-0000000000a1', 'a@x.test', '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated', false);
insert into auth.identities (provider_id, user_id, identity_data, provider) values ('a@x.test', '00000000-0000-0000-0000-0000000000a1', '{"email": "a@x.test"}', 'email');
`]]);
  const r = await finishedRun(page);
  assert.equal(r.profile, 'supabase');
  assert.equal(r.statements.failed, 0, JSON.stringify(r.errors));
  assert.deepEqual(r.platform.unavailable || [], []);
  await page.context().close();
});

// Our own SQL written the way pg_dump writes a plain dump (preamble, ownership, COPY blocks).
const DUMP = `--
-- PostgreSQL database dump
--

\\restrict Zx9aTestKey

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET row_security = off;

CREATE TABLE public.tenants (
    id integer NOT NULL,
    name text NOT NULL
);

ALTER TABLE public.tenants OWNER TO prod_owner;

CREATE TABLE public.docs (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id integer NOT NULL,
    body text
);

ALTER TABLE public.docs OWNER TO prod_owner;

COPY public.tenants (id, name) FROM stdin;
1	Acme; "quoted" & co
2	Globex\\tTabbed
\\.

COPY public.docs (id, tenant_id, body) FROM stdin;
1	1	first line\\nsecond line
2	2	\\N
3	1	back\\\\slash
\\.

SELECT pg_catalog.setval('public.docs_id_seq', 3, true);

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.docs
    ADD CONSTRAINT docs_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);

GRANT SELECT ON TABLE public.tenants TO app_reader;

\\unrestrict Zx9aTestKey
`;

test('a plain pg_dump with COPY data runs as the baseline, and the up file does not inherit its session', async () => {
  const page = await app.page();
  await loadBuffers(page, [
    ['000_prod_baseline.sql', DUMP],
    ['001_add_plan.sql', `alter table tenants add column plan text not null default 'free';\ninsert into tenants (id, name) values (3, 'Initech');\ninsert into docs (tenant_id, body) values (3, 'new');\n`],
  ]);
  const r = await finishedRun(page);
  assert.equal(r.statements.failed, 0, JSON.stringify(r.errors));
  assert.equal(r.files[0].role, 'baseline');
  assert.equal(r.files[0].skipped, 2);
  assert.equal(r.catalog.after_up.tables['public.tenants'].row_count, 3);
  assert.equal(r.catalog.after_up.tables['public.docs'].row_count, 4);
  assert.deepEqual(r.platform.created_roles, [{ file: '000_prod_baseline.sql', roles: ['prod_owner', 'app_reader'] }]);
  assert.match(r.platform.session_reset, /after 000_prod_baseline\.sql/);
  await page.click('[data-testid=tab-shim]');
  await page.waitForSelector('[data-testid=platform-roles]');
  await page.screenshot({ path: path.join(ARTIFACTS, 'platform-dump-baseline.png') });
  await page.context().close();
});
