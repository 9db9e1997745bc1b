// Export: the bundle's files and headers, the NOT VALIDATED banner, the psql script check, the
// Supabase layout; keeping work: reload, recent projects, New.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, afterReload, sqlFiles, loadFiles, loadBuffers, finishedRun, readZip, ROOT, ARTIFACTS } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

const sha256 = (t) => crypto.createHash('sha256').update(t).digest('hex');

async function downloadZip(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-zip]')]);
  return { name: dl.suggestedFilename(), files: readZip(fs.readFileSync(await dl.path())) };
}

test('the bundle holds every file in run order with its header, the reports and the ERD', async () => {
  const page = await app.page();
  const dir = path.join(ROOT, 'examples', 'supabase-orgs');
  await loadFiles(page, sqlFiles(dir));
  const r = await finishedRun(page);
  await page.click('[data-testid=tab-export]');
  assert.equal(await page.getAttribute('[data-testid=export-verdict]', 'data-validated'), 'true');
  // Validated only because every check ran and passed: each one says so, in the summary too.
  for (const c of ['run', 'validation', 'rollback', 'leaks', 'lints']) {
    assert.equal(await page.getAttribute(`[data-testid=export-verdict] [data-check=${c}]`, 'data-state'), 'passed', c);
  }
  assert.equal(await page.getAttribute('[data-testid=verdict]', 'data-state'), r.verdict.state);
  assert.equal(r.verdict.state, 'passed');
  await page.check('[data-testid=export-prefix]');
  const { name, files } = await downloadZip(page);
  assert.equal(name, 'tenant-planner-bundle.zip');
  const names = Object.keys(files).map((n) => n.replace(/^tenant-planner-bundle\//, ''));
  const order = [...r.apply_order, ...r.rollback_order];
  assert.deepEqual(names.filter((n) => n.startsWith('files/')), order.map((f, i) => `files/${String(i + 1).padStart(2, '0')}_${f}`));
  for (const want of ['README.md', 'report.json', 'report.md', 'erd.svg', 'psql/up.sql', 'psql/rollback.sql']) assert.ok(names.includes(want), want);
  for (const [i, f] of order.entries()) {
    const text = files[`tenant-planner-bundle/files/${String(i + 1).padStart(2, '0')}_${f}`].toString('utf8');
    const original = fs.readFileSync(path.join(dir, f), 'utf8');
    assert.ok(text.endsWith(original), `${f} keeps its text after the header`);
    assert.ok(text.includes(`sha256 of the original text (without this header): ${sha256(original)}`), f);
    assert.match(text, new RegExp(`^-- Tenant Planner: ${f.replace(/\./g, '\\.')} \\(\\w+ file, ${i + 1} of ${order.length} in run order\\)`));
  }
  assert.match(files['tenant-planner-bundle/README.md'].toString(), /^# Validated migration bundle/);
  const report = JSON.parse(files['tenant-planner-bundle/report.json'].toString());
  assert.equal(report.statements.total, r.statements.total);
  assert.match(files['tenant-planner-bundle/report.md'].toString(), /```mermaid\nerDiagram/);
  assert.match(files['tenant-planner-bundle/erd.svg'].toString(), /^<svg/);

  // Supabase layout: up files under supabase/migrations with 14-digit timestamps.
  await page.uncheck('[data-testid=export-prefix]');
  await page.selectOption('[data-testid=export-layout]', 'supabase');
  const sb = await downloadZip(page);
  const migrations = Object.keys(sb.files).filter((n) => n.includes('supabase/migrations/'));
  assert.deepEqual(migrations.map((n) => n.split('/').pop()), ['20250102000000_organizations.sql', '20250103000000_invitations.sql']);

  // The exported up script, run on a fresh database, gives the simulated catalog.
  await page.click('[data-testid=script-check]');
  await page.waitForSelector('[data-testid=script-check-result]:not([data-state=running])', { timeout: 120000 });
  assert.equal(await page.getAttribute('[data-testid=script-check-result]', 'data-state'), 'same', await page.textContent('[data-testid=script-check-result]'));
  await page.screenshot({ path: path.join(ARTIFACTS, 'export.png') });
  await page.context().close();
});

test('a failing set exports as NOT VALIDATED, at the top of the README and of every file', async () => {
  const page = await app.page();
  await loadFiles(page, sqlFiles(path.join(ROOT, 'tests/fixtures/broken')));
  await finishedRun(page);
  await page.click('[data-testid=tab-export]');
  assert.equal(await page.getAttribute('[data-testid=export-verdict]', 'data-validated'), 'false');
  assert.match(await page.textContent('[data-testid=export-verdict]'), /NOT VALIDATED: .*1 statement failed/);
  assert.equal(await page.getAttribute('[data-testid=export-verdict] [data-check=run]', 'data-state'), 'failed');
  const { name, files } = await downloadZip(page);
  assert.equal(name, 'tenant-planner-bundle-NOT-VALIDATED.zip');
  const root = 'tenant-planner-bundle-NOT-VALIDATED/';
  assert.match(files[root + 'README.md'].toString(), /^# NOT VALIDATED\n/);
  const sqls = Object.keys(files).filter((n) => n.startsWith(root + 'files/'));
  assert.ok(sqls.length > 0);
  for (const n of sqls) assert.match(files[n].toString(), /^-- NOT VALIDATED: /, n);
  assert.match(files[root + 'report.md'].toString(), /\*\*NOT VALIDATED\*\*/);
  await page.context().close();
});

test('work survives a reload; New keeps the old project under Recent, which reopens it', async () => {
  const ctx = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await app.page('?blank', ctx);
  await loadFiles(page, sqlFiles(path.join(ROOT, 'examples', 'client-id-backfill')));
  await finishedRun(page);
  const files = async (p) => p.locator('[data-testid=file-row]').evaluateAll((rows) => rows.map((r) => r.dataset.file));
  const first = await files(page);
  await page.reload();
  await page.waitForSelector('[data-testid=file-row]');
  assert.deepEqual(await files(page), first, 'the project comes back after a reload');
  await afterReload(page);

  await page.click('[data-testid=new-project]');
  await page.click('[data-testid=confirm-new] [data-testid=confirm-new-ok]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=file-row]').length === 0);
  await loadFiles(page, sqlFiles(path.join(ROOT, 'examples', 'settings-to-orgs')));
  await finishedRun(page);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=recent-projects] option').length >= 2);
  const options = await page.locator('[data-testid=recent-projects] option').allTextContents();
  assert.ok(options.some((o) => /client-id-backfill|001_add_organizations\.sql/.test(o) && /\d+ files/.test(o)), options.join(' | '));
  const value = await page.locator('[data-testid=recent-projects] option').nth(1).getAttribute('value');
  await page.selectOption('[data-testid=recent-projects]', value);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=file-row]').length === n, first.length);
  assert.deepEqual(await files(page), first, 'Recent reopens the earlier project');
  await ctx.close();
});

// A verdict is a promise: a project with nothing to check beyond its statements is not
// "Validated", and an unsuppressed ERROR lint fails it even with no other check.
test('the Export banner says what was not checked, and an ERROR lint is never validated', async () => {
  const page = await app.page();
  await loadBuffers(page, [['001_notes.sql', 'create table notes (id bigint generated always as identity primary key, body text);\n']]);
  const r = await finishedRun(page);
  await page.click('[data-testid=tab-export]');
  const banner = '[data-testid=export-verdict]';
  assert.equal(await page.getAttribute(banner, 'data-state'), 'partial');
  assert.equal(await page.getAttribute(banner, 'data-validated'), 'false');
  const text = await page.textContent(banner);
  assert.match(text, /^Partly checked: /);
  assert.doesNotMatch(text, /Validated/);
  for (const [c, want] of [['run', 'passed'], ['validation', 'not_checked'], ['rollback', 'not_checked'], ['leaks', 'not_checked'], ['lints', 'passed']]) {
    assert.equal(await page.getAttribute(`${banner} [data-check=${c}]`, 'data-state'), want, c);
  }
  assert.equal(r.verdict.state, 'partial');
  assert.equal(await page.getAttribute('[data-testid=verdict]', 'data-state'), 'partial');
  const { name, files } = await downloadZip(page);
  assert.equal(name, 'tenant-planner-bundle-PARTLY-CHECKED.zip');
  assert.match(files['tenant-planner-bundle-PARTLY-CHECKED/README.md'].toString(), /^# Partly checked\n/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'export-partial.png') });

  // The same table on Supabase, exposed to the API without RLS: an ERROR lint, so NOT VALIDATED.
  await loadBuffers(page, [['002_grant.sql', 'grant select on notes to anon, authenticated;\n']]);
  const r2 = await finishedRun(page);
  assert.ok(Object.values(r2.lint).flat().some((f) => f.level === 'ERROR' && !f.suppressed), 'an ERROR lint');
  await page.click('[data-testid=tab-export]');
  assert.equal(await page.getAttribute(banner, 'data-state'), 'failed');
  assert.equal(await page.getAttribute(`${banner} [data-check=lints]`, 'data-state'), 'failed');
  assert.match(await page.textContent(banner), /^NOT VALIDATED: .*unsuppressed ERROR-level finding/);
  await page.context().close();
});
