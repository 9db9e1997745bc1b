// The leak probes' coverage and verdict as a user sees them on the Leaks tab: a run whose probes
// error says "inconclusive" and shows which table was not answered and why (never "no leak");
// a correct example says "no cross-tenant access" with every tenant table probed; tenancy
// without foreign keys is probed through its key root. Screenshots in tests/browser/artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, exampleRun, sqlFiles, loadFiles, finishedRun, ROOT, ARTIFACTS } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

test('probes that error make the verdict inconclusive, with the table and the error shown', async () => {
  const dir = path.join(ROOT, 'tests', 'fixtures', 'inconclusive-probes');
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')).isolation;
  const page = await app.page();
  await loadFiles(page, sqlFiles(dir));
  const r = await finishedRun(page);
  assert.deepEqual(r.isolation.leaks, expected.leaks);
  assert.equal(r.isolation.coverage.complete, false);
  assert.ok(r.isolation.coverage.errored > 0, 'errored probes are counted');
  assert.ok(r.isolation.matrix.some((m) => m.table === expected.errored_table && m.outcome === 'errored' && /request context/.test(m.error)));
  // The run's verdict and the summary say so too: never a green "0 leaks".
  assert.equal(r.verdict.checks.find((c) => c.id === 'leaks').state, 'inconclusive');
  assert.notEqual(r.verdict.state, 'passed');
  assert.equal(await page.getAttribute('[data-testid=leak-summary]', 'data-state'), 'inconclusive');
  await page.click('[data-testid=tab-leaks]');
  const verdict = page.locator('[data-testid=leak-verdict]');
  assert.equal(await verdict.getAttribute('data-status'), 'inconclusive');
  assert.match(await verdict.textContent(), /^Inconclusive: no leak was found, but .*public\.projects/);
  assert.doesNotMatch(await verdict.textContent(), /No cross-tenant access/);
  const row = page.locator(`[data-testid=coverage-row][data-table="${expected.errored_table}"]`);
  assert.equal(await row.getAttribute('data-probed'), 'false');
  assert.match(await row.locator('[data-testid=probe-errored]').first().textContent(), /no request context/);
  for (const t of expected.probed_tables) {
    assert.equal(await page.getAttribute(`[data-testid=coverage-row][data-table="${t}"]`, 'data-probed'), 'true', t);
  }
  assert.ok(await page.locator('[data-testid=iso-cell][data-class=error]').count() > 0, 'errored cells are amber, not green');
  await page.screenshot({ path: path.join(ARTIFACTS, 'leaks-inconclusive.png'), fullPage: true });
  await page.context().close();
});

test('a correct example: no cross-tenant access, every tenant table probed', async () => {
  const { page, report: r } = await exampleRun(app, 'supabase-orgs');
  assert.deepEqual(r.isolation.leaks, []);
  assert.equal(r.isolation.coverage.complete, true, JSON.stringify(r.isolation.coverage.missing));
  assert.equal(r.verdict.checks.find((c) => c.id === 'leaks').state, 'passed');
  assert.equal(await page.getAttribute('[data-testid=leak-summary]', 'data-state'), 'passed');
  await page.click('[data-testid=tab-leaks]');
  assert.equal(await page.getAttribute('[data-testid=leak-verdict]', 'data-status'), 'no-leak');
  assert.equal(await page.getAttribute('[data-testid=coverage]', 'data-complete'), 'true');
  const rows = await page.locator('[data-testid=coverage-row]').evaluateAll((els) => els.map((e) => e.dataset.probed));
  assert.ok(rows.length >= 5 && rows.every((p) => p === 'true'), rows.join(' '));
  await page.screenshot({ path: path.join(ARTIFACTS, 'leaks-coverage.png'), fullPage: true });
});

test('tenancy without foreign keys: a key root, probed like a table root', async () => {
  const dir = path.join(ROOT, 'tests', 'leaks', '15-no-fk-setting');
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  const page = await app.page();
  await loadFiles(page, sqlFiles(dir));
  const r = await finishedRun(page);
  assert.deepEqual(r.tenant_roots, expected.roots);
  const key = (l) => `${l.table} ${l.command} ${l.persona}`;
  assert.deepEqual(r.isolation.leaks.map(key).sort(), expected.holes.map(key).sort());
  await page.click('[data-testid=tab-tenancy]');
  assert.equal(await page.textContent('[data-testid=root][data-table="key:tenant_id"] [data-testid=key-root]'), 'key root');
  await page.click('[data-testid=tab-leaks]');
  assert.equal(await page.getAttribute('[data-testid=leak-verdict]', 'data-status'), 'leaks');
  await page.screenshot({ path: path.join(ARTIFACTS, 'leaks-key-root.png'), fullPage: true });
  await page.context().close();
});

test('the positive control: a deny-all table is unconfirmed (inconclusive), a service-role-only table closed', async () => {
  const dir = path.join(ROOT, 'tests', 'leaks', '26-deny-all-and-closed');
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  const page = await app.page();
  await loadFiles(page, sqlFiles(dir));
  const r = await finishedRun(page);
  assert.deepEqual(r.isolation.leaks, []);
  assert.deepEqual(r.isolation.coverage.unconfirmed, expected.unconfirmed);
  assert.equal(r.isolation.coverage.complete, false);
  assert.equal(r.verdict.checks.find((c) => c.id === 'leaks').state, 'inconclusive');
  assert.equal(await page.getAttribute('[data-testid=leak-summary]', 'data-state'), 'inconclusive');
  await page.click('[data-testid=tab-leaks]');
  const verdict = page.locator('[data-testid=leak-verdict]');
  assert.equal(await verdict.getAttribute('data-status'), 'inconclusive');
  assert.match(await verdict.textContent(), /tenant A's own member reads none of its rows on public\.secrets/);
  const state = (t) => page.getAttribute(`[data-testid=coverage-row][data-table="${t}"] [data-testid=control]`, 'data-state');
  assert.equal(await state('public.secrets'), 'unconfirmed');
  assert.equal(await state('public.audit_log'), 'closed');
  assert.equal(await state('public.projects'), 'confirmed');
  assert.match(await page.textContent('[data-testid=coverage-row][data-table="public.secrets"] [data-testid=unconfirmed]'), /may read an identity the probes do not set, or deny everyone/);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(ARTIFACTS, 'leaks-control.png'), fullPage: true });
  await page.context().close();
});
