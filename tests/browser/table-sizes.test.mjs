// The Advisor's table-sizes setting: on a schema-only baseline the migration-safety rules assume
// production-sized tables (the default) and warn; "use the simulated rows" silences them; rows
// per table decide table by table. The setting changes the findings at once, is written in the
// report and kept with the project.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, loadBuffers, finishedRun, ARTIFACTS } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

// Schema only: no rows anywhere, as when reviewing a migration for a production database.
const BASELINE = `create table public.orgs (id bigint primary key, name text not null);
create table public.projects (id bigint primary key, name text not null);
create table public.audit (id bigint primary key, at timestamptz not null);
`;
const UP = `alter table public.projects add column org_id bigint;
create index projects_org_id_idx on public.projects (org_id);
alter table public.projects add constraint projects_org_id_fkey foreign key (org_id) references public.orgs (id);
create index audit_at_idx on public.audit (at);
`;

const migrationFindings = (r) => ['index_without_concurrently', 'constraint_without_not_valid']
  .flatMap((rule) => r.lint[rule].map((f) => `${rule} ${f.object}`)).sort();

async function report(page) {
  return JSON.parse(await page.textContent('[data-testid=report-json]'));
}

async function waitForMode(page, mode) {
  await page.waitForFunction((mode) => {
    const el = document.querySelector('[data-testid=report-json]');
    try { return JSON.parse(el.textContent).table_sizes.mode === mode; } catch { return false; }
  }, mode, { timeout: 20000 });
}

test('table sizes: production-sized by default, simulated rows silence, rows per table decide', async () => {
  const page = await app.page();
  await loadBuffers(page, [['000_baseline.sql', BASELINE], ['001_add_org.sql', UP]]);
  const r = await finishedRun(page);
  assert.deepEqual(r.table_sizes, { mode: 'production' });
  // Written down before running: both indexes and the foreign key are flagged on tables the
  // simulation left empty.
  assert.deepEqual(migrationFindings(r), [
    'constraint_without_not_valid constraint projects_org_id_fkey on public.projects',
    'index_without_concurrently index audit_at_idx on public.audit',
    'index_without_concurrently index projects_org_id_idx on public.projects',
  ]);
  assert.match(r.lint.index_without_concurrently[0].detail, /assumed production-sized; 0 rows in the simulation/);

  await page.click('[data-testid=tab-advisor]');
  assert.equal(await page.getAttribute('[data-testid=table-sizes]', 'data-mode'), 'production');
  assert.match(await page.textContent('[data-testid=table-sizes-note]'), /assumed production-sized/);
  assert.equal(await page.locator('[data-testid=finding][data-rule=index_without_concurrently]').count(), 2);
  await page.screenshot({ path: path.join(ARTIFACTS, 'advisor-table-sizes.png') });

  // The simulated rows: every table is empty, nothing to warn about.
  await page.selectOption('[data-testid=table-sizes-mode]', 'simulated');
  await waitForMode(page, 'simulated');
  let now = await report(page);
  assert.deepEqual(migrationFindings(now), []);
  assert.equal(await page.locator('[data-testid=finding][data-rule=index_without_concurrently]').count(), 0);

  // Rows per table: projects is large, audit is empty in production too; orgs is not listed.
  await page.selectOption('[data-testid=table-sizes-mode]', 'per_table');
  await waitForMode(page, 'per_table');
  const rows = await page.locator('[data-testid=table-size-row]').evaluateAll((els) => els.map((e) => e.dataset.table));
  assert.deepEqual(rows.sort(), ['public.audit', 'public.orgs', 'public.projects']);
  await page.fill('[data-testid=table-size-row][data-table="public.projects"] [data-testid=table-size-input]', '2000000');
  await page.press('[data-testid=table-size-row][data-table="public.projects"] [data-testid=table-size-input]', 'Tab');
  await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid=report-json]').textContent).table_sizes.rows?.['public.projects'] === 2000000);
  await page.fill('[data-testid=table-size-row][data-table="public.audit"] [data-testid=table-size-input]', '0');
  await page.press('[data-testid=table-size-row][data-table="public.audit"] [data-testid=table-size-input]', 'Tab');
  await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid=report-json]').textContent).table_sizes.rows?.['public.audit'] === 0);
  now = await report(page);
  assert.deepEqual(now.table_sizes, { mode: 'per_table', rows: { 'public.audit': 0, 'public.projects': 2000000 } });
  assert.deepEqual(migrationFindings(now), [
    'constraint_without_not_valid constraint projects_org_id_fkey on public.projects',
    'index_without_concurrently index projects_org_id_idx on public.projects',
  ]);
  assert.match(now.lint.index_without_concurrently[0].detail, /2000000 rows by the project's table sizes/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'advisor-table-sizes-per-table.png') });

  // Kept with the project: a reload runs again with the same setting.
  await page.reload();
  await page.waitForSelector('[data-testid=app][data-runs="1"][data-run-state=done]', { timeout: 120000 });
  const again = await report(page);
  assert.deepEqual(again.table_sizes, now.table_sizes);
  assert.deepEqual(migrationFindings(again), migrationFindings(now));
  await page.context().close();
});
