// Migration-tool conventions in the app: a folder picked with "Add folder" keeps its relative
// paths, the file panel says which convention it follows and why each file has its role and
// place, and the run follows that order. Paths with slashes survive a reload and a share link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, finishedRun, ROOT, ARTIFACTS, openLinkFresh } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

const FIXTURES = path.join(ROOT, 'tests/fixtures/conventions');
const expected = (name) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8'));
const rows = (page) => page.locator('[data-testid=file-row]').evaluateAll((els) => els.map((e) => ({ file: e.dataset.file, role: e.dataset.role, reason: e.dataset.reason })));

// The folder as the browser gives it: its own name first (webkitRelativePath).
async function pickFolder(page, name) {
  await page.setInputFiles('[data-testid=dir-input]', path.join(FIXTURES, name));
}

test('a Prisma folder: identical base names kept apart, convention and order shown', async () => {
  const page = await app.page();
  await pickFolder(page, 'prisma');
  const r = await finishedRun(page);
  const want = expected('prisma');
  const prefixed = want.apply.map((f) => `prisma/${f}`);
  assert.equal(r.statements.failed, 0, JSON.stringify(r.errors));
  assert.deepEqual(r.apply_order, prefixed);
  assert.equal(r.convention.id, 'prisma');
  const conv = page.locator('[data-testid=convention]');
  assert.equal(await conv.getAttribute('data-convention'), 'prisma');
  assert.match(await conv.textContent(), /Prisma Migrate — migrations\/<timestamp>_name\/migration\.sql in timestamp order \(3 of 3 files\)/);
  const shown = await rows(page);
  assert.deepEqual(shown.map((x) => x.file), prefixed);
  assert.ok(shown.every((x) => x.role === 'up'));
  assert.equal(shown[0].reason, 'Prisma: 20240110083000_init/migration.sql is migration 20240110083000 (timestamp order of the folders)');
  // The non-SQL files of the folder are named, not loaded.
  const messages = await page.locator('[data-testid=message]').allTextContents();
  assert.ok(messages.some((m) => /Ignored 3 files that are not \.sql: .*schema\.prisma/.test(m)), messages.join('\n'));
  await page.locator('.files').screenshot({ path: path.join(ARTIFACTS, 'conventions-prisma-panel.png') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'conventions-prisma.png') });

  // Slashes in names survive a reload (IndexedDB) and a share link.
  await page.reload();
  await page.waitForSelector('[data-testid=file-row]');
  assert.deepEqual((await rows(page)).map((x) => x.file), prefixed);
  const { link, ctx, fresh } = await openLinkFresh(app, page);
  const r2 = await finishedRun(fresh);
  assert.deepEqual(r2.apply_order, prefixed);
  await ctx.close();
});

test('a Supabase folder: the roles-seed migration stays in its place, seed.sql runs after the migrations', async () => {
  const page = await app.page();
  await pickFolder(page, 'supabase');
  const r = await finishedRun(page);
  const want = expected('supabase');
  const prefixed = want.apply.map((f) => `supabase/${f}`);
  assert.equal(r.statements.failed, 0, JSON.stringify(r.errors));
  assert.deepEqual(r.apply_order, prefixed);
  assert.equal(await page.getAttribute('[data-testid=convention]', 'data-convention'), 'supabase');
  const shown = await rows(page);
  assert.deepEqual(shown.map((x) => [x.file, x.role]), prefixed.map((f) => [f, want.roles[f.slice('supabase/'.length)]]));
  const roleSeed = shown.find((x) => x.file.endsWith('_roles-seed.sql'));
  assert.match(roleSeed.reason, /^Supabase CLI: 20240301090500_roles-seed\.sql is migration 20240301090500/);
  assert.equal(r.validation['supabase/supabase/tests/database/organizations_rls.sql'].passed, 2);
  await page.locator('.files').screenshot({ path: path.join(ARTIFACTS, 'conventions-supabase-panel.png') });
  // Every guess stays editable: make the roles-seed a seed and it moves before the migrations.
  await page.selectOption(`[data-testid=file-row][data-file="${roleSeed.file}"] [data-testid=role-select]`, 'seed');
  const after = await rows(page);
  assert.equal(after[0].file, roleSeed.file);
  assert.match(after[0].reason, /^seed by your choice \(detected: up — Supabase CLI/);
  await page.context().close();
});

test('a dbmate folder: each file split into its up section and its down section, run as the rollback', async () => {
  const page = await app.page();
  await pickFolder(page, 'dbmate');
  const r = await finishedRun(page);
  const want = expected('dbmate');
  assert.equal(r.statements.failed, 0, JSON.stringify(r.errors));
  assert.deepEqual(r.apply_order, want.apply.map((f) => `dbmate/${f}`));
  assert.deepEqual(r.rollback_order, want.rollback.map((f) => `dbmate/${f}`));
  assert.equal(r.rollback.ran, true);
  assert.equal(r.rollback.clean, true, r.rollback.verdict);
  assert.equal(await page.locator('[data-testid=file-row] .badge', { hasText: 'down section' }).count(), 3);
  await page.locator('.files').screenshot({ path: path.join(ARTIFACTS, 'conventions-dbmate-panel.png') });
  await page.context().close();
});

test('a sqitch folder: sqitch.plan is read for the order, reworked change included', async () => {
  const page = await app.page();
  await pickFolder(page, 'sqitch');
  const r = await finishedRun(page);
  const want = expected('sqitch');
  assert.equal(r.statements.failed, 0, JSON.stringify(r.errors));
  assert.deepEqual(r.apply_order, want.apply.map((f) => `sqitch/${f}`));
  assert.deepEqual(r.rollback_order, want.rollback.map((f) => `sqitch/${f}`));
  assert.match(await page.textContent('[data-testid=convention]'), /order from sqitch\/sqitch\.plan/);
  await page.context().close();
});
