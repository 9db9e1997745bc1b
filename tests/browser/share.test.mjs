// Share links: copy a link, open it in a fresh browser, get the same preview.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, sqlFiles, loadFiles, finishedRun, ROOT, ARTIFACTS, openLinkFresh } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

// Machine-dependent fields (docs/report.md lists them) are left out of the comparison.
const comparable = (r) => ({ ...r, timings: null, engine: null, isolation: r.isolation && { ...r.isolation, ms: null } });

test('a copied link opens the same project, view and report in a fresh browser', async () => {
  const page = await app.page();
  await loadFiles(page, sqlFiles(path.join(ROOT, 'examples', 'settings-to-orgs')));
  await finishedRun(page);
  // An order override travels in the link too.
  await page.click('[data-testid=file-row][data-file="057_migrate_user_settings_down.sql"] [data-testid=move-down]');
  const r1 = await finishedRun(page);
  assert.deepEqual(r1.rollback_order, ['056_create_org_tables_down.sql', '057_migrate_user_settings_down.sql']);
  await page.click('[data-testid=tab-tenancy]');
  await page.click('[data-testid=share]');
  const link = await page.inputValue('[data-testid=share-link]');
  assert.match(link, /#p=1\./);
  assert.match(await page.locator('[data-testid=message]').last().textContent(), /Link copied: [\d.]+ KB for [\d.]+ KB of SQL/);
  await page.context().close();

  const ctx = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fresh = await ctx.newPage();
  await fresh.goto(link);
  const r2 = await finishedRun(fresh);
  assert.deepEqual(comparable(r2), comparable(r1));
  assert.equal(await fresh.getAttribute('[data-testid=tab-tenancy]', 'aria-selected'), 'true');
  await ctx.close();
});

test('the link carries the table selected in the ERD', async () => {
  const page = await app.page();
  await loadFiles(page, sqlFiles(path.join(ROOT, 'examples', 'supabase-orgs')));
  await finishedRun(page);
  await page.click('[data-testid=tab-erd]');
  await page.click('[data-testid=erd-table][data-table="public.tasks"]');
  const { link, ctx, fresh } = await openLinkFresh(app, page);
  await finishedRun(fresh);
  assert.equal(await fresh.getAttribute('[data-testid=tab-erd]', 'aria-selected'), 'true');
  assert.equal(await fresh.getAttribute('[data-testid=erd-panel]', 'data-table'), 'public.tasks');
  await ctx.close();
});

test('a damaged link says so and loads nothing', async () => {
  const ctx = await app.browser.newContext();
  const page = await ctx.newPage();
  await page.goto(app.url + '?blank#p=1.eJzLSM3JyVcozy_KSQEAGgQEXQ');
  await page.waitForSelector('[data-testid=message]');
  assert.match(await page.textContent('[data-testid=message]'), /Could not open the link: the link is damaged or cut short/);
  assert.equal(await page.locator('[data-testid=file-row]').count(), 0);
  const other = await ctx.newPage();
  await other.goto(app.url + '?blank#p=9.abc');
  await other.waitForSelector('[data-testid=message]');
  assert.match(await other.textContent('[data-testid=message]'), /made by a newer Tenant Planner/);
  await ctx.close();
});

test('the up migrations and the rollback download as psql scripts, each file in a transaction', async () => {
  const page = await app.page();
  await loadFiles(page, sqlFiles(path.join(ROOT, 'examples', 'client-id-backfill')));
  const r = await finishedRun(page);
  await page.click('[data-testid=tab-changes]');
  const [up] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-psql-up]')]);
  const text = fs.readFileSync(await up.path(), 'utf8');
  const ups = r.files.filter((f) => f.role === 'up').map((f) => f.file);
  assert.deepEqual([...text.matchAll(/^-- ===== (\S+) /gm)].map((m) => m[1]), ups);
  assert.equal((text.match(/^BEGIN;$/gm) || []).length + (text.match(/^-- not wrapped/gm) || []).length, ups.length);
  const [down] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-psql-rollback]')]);
  assert.match(fs.readFileSync(await down.path(), 'utf8'), /-- ===== phase_1_rollback\.sql \(1 of 1\) =====/);
  await page.context().close();
});
