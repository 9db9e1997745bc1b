// The Compare view (issue 17): for each pair of tests/fixtures/compare/, the head is loaded as the
// project, the base is loaded in the Compare tab (its files, or a share link) and runs on its own
// database; the delta on the page says what the pair's expected.md says. Written before the
// first run, from expected.md:
//   opens-leak        2 new leaks (documents SELECT by member and outsider), 1 new warning
//                     (access_exclusive_lock: expected.md's correction after the native run;
//                     first written policy_not_tenant_scoped), documents `changed`, one SELECT/authenticated
//                     cell `changed`, verdict passed → failed (regressed), rollback clean → clean.
//   fixes-leak        2 leaks fixed, none new; 1 new warning (access_exclusive_lock, the fix's
//                     DROP/CREATE POLICY; expected.md's correction), failed → passed.
//                     Then the head's profile set to plain Postgres: the delta warns that the two
//                     sides ran with different profiles.
//   table-without-rls public.invoices `added`, class direct, RLS off; 12 cells gained, none
//                     lost; new ERROR tenant_table_without_rls; ≥ 3 new leaks, all on invoices;
//                     the ERD marks public.invoices (only) as new. Its base comes from a share link.
//   index-only        no table or cell changed; no leak new or fixed; 1 warning fixed
//                     (tenant_key_without_index); indexes +1; verdict passed → passed (same).
// One Chromium for the file; a context per pair. Screenshots in tests/browser/artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, sqlFiles, loadFiles, finishedRun, reportJson, ROOT, ARTIFACTS } from './helpers.mjs';

const PAIRS = path.join(ROOT, 'tests', 'fixtures', 'compare');
let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

// The head loaded and run, the Compare tab open.
async function head(pair) {
  const page = await app.page();
  await loadFiles(page, sqlFiles(path.join(PAIRS, pair, 'head')));
  const r = await finishedRun(page);
  assert.ok(r, `${pair}: the head ran`);
  await page.click('[data-testid=tab-compare]');
  return page;
}

// Wait for the base's run to end and the delta to be on the page.
async function delta(page) {
  await page.waitForSelector('[data-testid=compare][data-state=done] [data-testid=delta], [data-testid=compare][data-state=failed]', { timeout: 180000 });
  assert.equal(await page.getAttribute('[data-testid=compare]', 'data-state'), 'done',
    await page.textContent('[data-testid=compare]'));
  const rows = (sel, attrs) => page.locator(sel).evaluateAll((els, attrs) =>
    els.map((e) => Object.fromEntries(attrs.map((a) => [a, e.dataset[a]]))), attrs);
  return {
    headline: (await page.textContent('[data-testid=delta-headline]')).trim(),
    verdict: await page.locator('[data-testid=delta-verdict]').evaluate((e) => ({ ...e.dataset })),
    counts: await page.locator('[data-testid=delta-counts]').evaluate((e) => ({ ...e.dataset })),
    tables: await rows('[data-testid=delta-table]', ['table', 'change', 'classBefore', 'classAfter', 'rlsAfter']),
    cells: await rows('[data-testid=delta-cell]', ['table', 'command', 'role', 'change']),
    leaks: await rows('[data-testid=delta-leak]', ['side', 'table', 'persona', 'command']),
    lints: await rows('[data-testid=delta-lint]', ['side', 'rule', 'object', 'level']),
    rollback: await page.locator('[data-testid=delta-rollback]').evaluate((e) => ({ ...e.dataset })),
    warnings: await page.locator('[data-testid=delta-warning]').allTextContents(),
  };
}

const side = (list, s) => list.filter((x) => x.side === s);

test('opens-leak: two new leaks and a new warning, the verdict regressed', async () => {
  const page = await head('opens-leak');
  assert.equal(await page.getAttribute('[data-testid=compare]', 'data-state'), 'empty');
  await page.setInputFiles('[data-testid=compare-file-input]', sqlFiles(path.join(PAIRS, 'opens-leak', 'base')));
  const d = await delta(page);
  assert.equal(d.headline, 'This change opens 2 cross-tenant leaks and adds 1 warning (the verdict went from passed to failed)');
  assert.deepEqual([d.verdict.before, d.verdict.after, d.verdict.change, d.verdict.class], ['passed', 'failed', 'regressed', 'bad']);
  assert.deepEqual(d.tables, [{ table: 'public.documents', change: 'changed', classBefore: 'direct', classAfter: 'direct', rlsAfter: 'true' }]);
  assert.deepEqual(d.cells, [{ table: 'public.documents', command: 'SELECT', role: 'authenticated', change: 'changed' }]);
  assert.deepEqual(side(d.leaks, 'new').map((l) => `${l.table} ${l.command} ${l.persona}`).sort(),
    ['public.documents SELECT member', 'public.documents SELECT outsider']);
  assert.deepEqual(side(d.leaks, 'fixed'), []);
  assert.ok(side(d.lints, 'new').some((l) => l.rule === 'access_exclusive_lock' && l.object === 'public.documents' && l.level === 'WARN'), JSON.stringify(d.lints));
  assert.deepEqual(side(d.lints, 'fixed'), []);
  assert.deepEqual([d.counts.newLeaks, d.counts.fixedLeaks, d.counts.newErrors, d.counts.newWarnings], ['2', '0', '0', '1']);
  assert.deepEqual([d.rollback.before, d.rollback.after, d.rollback.change], ['clean', 'clean', 'same']);
  assert.deepEqual(d.warnings, []);
  assert.match(await page.textContent('[data-testid=delta-same-engine]'), /pglite \(browser\).*supabase profile/);
  assert.equal(await page.textContent('[data-testid=compare-base-source]'), '3 files');
  // The page's report JSON carries the delta.
  const r = await reportJson(page);
  assert.equal(r.delta.counts.new_leaks, 2);
  assert.equal(r.delta.headline, d.headline);
  // The ERD marks what the change added to the base: no table is new.
  await page.click('[data-testid=tab-erd]');
  assert.equal(await page.getAttribute('[data-testid=erd]', 'data-marks'), 'base');
  assert.equal(await page.locator('[data-testid=erd-table][data-new=true]').count(), 0);
  await page.click('[data-testid=tab-compare]');
  await page.screenshot({ path: path.join(ARTIFACTS, 'compare-opens-leak.png') });
  await page.context().close();
});

test('table-without-rls: the table added without RLS, cells gained, a new error, new leaks; base from a share link', async () => {
  // The base's share link, made by the page from the base loaded as a project.
  const maker = await app.page();
  await loadFiles(maker, sqlFiles(path.join(PAIRS, 'table-without-rls', 'base')));
  await maker.click('[data-testid=share]');
  await maker.waitForSelector('[data-testid=share-link]');
  const link = (await maker.inputValue('[data-testid=share-link]')).trim();
  assert.match(link, /#p=/);
  await maker.context().close();

  const page = await head('table-without-rls');
  // A bad link first: a clear error, nothing compared.
  await page.fill('[data-testid=compare-link-input]', 'https://example.com/#p=9999.nonsense');
  await page.click('[data-testid=compare-link-open]');
  await page.waitForSelector('[data-testid=compare-error]');
  assert.match(await page.textContent('[data-testid=compare-error]'), /not a Tenant Planner share link/);

  await page.fill('[data-testid=compare-link-input]', link);
  await page.click('[data-testid=compare-link-open]');
  const d = await delta(page);
  assert.match(d.headline, /^This change opens (\d+) cross-tenant leaks and adds (\d+) errors? .*\(the verdict went from passed to failed\)$/);
  const [, leaks, errors] = d.headline.match(/opens (\d+) .* adds (\d+) error/);
  assert.ok(Number(leaks) >= 3 && Number(errors) >= 1, d.headline);
  assert.deepEqual(d.tables, [{ table: 'public.invoices', change: 'added', classBefore: '', classAfter: 'direct', rlsAfter: 'false' }]);
  assert.equal(d.cells.length, 12, JSON.stringify(d.cells));
  assert.ok(d.cells.every((c) => c.table === 'public.invoices' && c.change === 'gained'));
  assert.deepEqual([...new Set(d.cells.map((c) => c.role))].sort(), ['anon', 'authenticated', 'service_role']);
  assert.ok(side(d.lints, 'new').some((l) => l.rule === 'tenant_table_without_rls' && l.object === 'public.invoices' && l.level === 'ERROR'));
  const newLeaks = side(d.leaks, 'new');
  assert.ok(newLeaks.length >= 3 && newLeaks.every((l) => l.table === 'public.invoices'), JSON.stringify(newLeaks));
  for (const persona of ['anon', 'outsider', 'member']) {
    assert.ok(newLeaks.some((l) => l.command === 'SELECT' && l.persona === persona), persona);
  }
  assert.deepEqual(side(d.leaks, 'fixed'), []);
  assert.deepEqual([d.rollback.before, d.rollback.after, d.rollback.change], ['clean', 'clean', 'same']);
  assert.deepEqual([d.verdict.before, d.verdict.after], ['passed', 'failed']);
  assert.match(await page.textContent('[data-testid=compare-base-source]'), /^a share link \(\d+ files\)$/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'compare-table-without-rls.png') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'compare-table-without-rls-full.png'), fullPage: true });
  // The ERD marks public.invoices, and only it, as what the change added.
  await page.click('[data-testid=tab-erd]');
  const marked = await page.locator('[data-testid=erd-table][data-new=true]').evaluateAll((els) => els.map((e) => e.dataset.table));
  assert.deepEqual(marked, ['public.invoices']);
  await page.context().close();
});

test('index-only: nothing changed but one warning fixed and one more index', async () => {
  const page = await head('index-only');
  await page.setInputFiles('[data-testid=compare-file-input]', sqlFiles(path.join(PAIRS, 'index-only', 'base')));
  const d = await delta(page);
  assert.equal(d.headline, 'No new findings; this change fixes 1 warning');
  assert.deepEqual([d.verdict.before, d.verdict.after, d.verdict.change], ['passed', 'passed', 'same']);
  assert.deepEqual(d.tables, []);
  assert.ok(await page.isVisible('[data-testid=delta-tables-none]'));
  assert.deepEqual(d.cells, []);
  assert.deepEqual(d.leaks, []);
  assert.deepEqual(side(d.lints, 'new'), []);
  assert.ok(side(d.lints, 'fixed').some((l) => l.rule === 'tenant_key_without_index' && l.level === 'WARN'), JSON.stringify(d.lints));
  assert.deepEqual([d.counts.newWarnings, d.counts.fixedWarnings, d.counts.newErrors, d.counts.newLeaks], ['0', '1', '0', '0']);
  const r = await reportJson(page);
  assert.equal(r.delta.catalog.indexes_after - r.delta.catalog.indexes_before, 1);
  assert.equal(r.delta.catalog.tables_after, r.delta.catalog.tables_before);
  await page.context().close();
});

test('fixes-leak: two leaks fixed, nothing new; then a different profile is warned about', async () => {
  const page = await head('fixes-leak');
  await page.setInputFiles('[data-testid=compare-file-input]', sqlFiles(path.join(PAIRS, 'fixes-leak', 'base')));
  const d = await delta(page);
  assert.equal(d.headline, 'This change adds 1 warning; it also fixes 2 cross-tenant leaks (the verdict went from failed to passed)');
  assert.deepEqual([d.verdict.before, d.verdict.after, d.verdict.change], ['failed', 'passed', 'fixed']);
  assert.deepEqual(d.tables.map((t) => `${t.table} ${t.change}`), ['public.documents changed']);
  assert.deepEqual(d.cells, [{ table: 'public.documents', command: 'SELECT', role: 'authenticated', change: 'changed' }]);
  assert.deepEqual(side(d.leaks, 'new'), []);
  assert.deepEqual(side(d.leaks, 'fixed').map((l) => `${l.table} ${l.command} ${l.persona}`).sort(),
    ['public.documents SELECT member', 'public.documents SELECT outsider']);
  assert.deepEqual(side(d.lints, 'fixed'), []);
  assert.deepEqual(side(d.lints, 'new').map((l) => `${l.rule} ${l.object} ${l.level}`), ['access_exclusive_lock public.documents WARN']);
  assert.deepEqual(d.warnings, []);

  // The head run again on plain Postgres: the base ran with the supabase profile, and the delta
  // says the two were not made alike.
  await page.selectOption('[data-testid=profile-select]', 'postgres');
  await finishedRun(page);
  await page.waitForSelector('[data-testid=delta-warning]', { timeout: 60000 });
  const warnings = await page.locator('[data-testid=delta-warning]').allTextContents();
  assert.ok(warnings.some((w) => /profile supabase for the base and postgres for the head/.test(w)), warnings.join(' | '));
  assert.equal(await page.getAttribute('[data-testid=delta-verdict]', 'data-class'), 'bad', 'the head now fails to run: new errors');
  await page.context().close();
});
