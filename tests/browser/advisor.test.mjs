// The advisor and the leak probes as a user sees them: the leaky example's three holes and
// nothing else, a correct example with no leak, suppressing a finding (marking a table shared:
// trust.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, exampleRun, sqlFiles, loadFiles, finishedRun, ROOT, ARTIFACTS } from './helpers.mjs';


let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

const key = (l) => `${l.table} ${l.command} ${l.persona}`;

test('leaky-tenants: exactly its three holes leak, each with a cause and a repro', async () => {
  const dir = path.join(ROOT, 'examples', 'leaky-tenants');
  const want = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')).isolation.leaks.map(key).sort();
  const { page, report: r } = await exampleRun(app, 'leaky-tenants');
  assert.deepEqual(r.isolation.leaks.map(key).sort(), want);
  // The three holes: an open SELECT policy, a table without RLS, an UPDATE whose WITH CHECK ignores the tenant.
  assert.deepEqual([...new Set(r.isolation.leaks.map((l) => l.table))].sort(), ['public.contacts', 'public.invoice_lines', 'public.notes']);
  assert.ok(r.isolation.leaks.some((l) => l.table === 'public.notes' && l.command === 'MOVE'));
  await page.click('[data-testid=tab-leaks]');
  const rows = await page.locator('[data-testid=leak]').evaluateAll((els) => els.map((e) => `${e.dataset.table} ${e.dataset.command} ${e.dataset.persona}`));
  assert.deepEqual(rows.sort(), want, 'the page lists the same leaks');
  assert.match(await page.textContent('[data-testid=leak-verdict]'), /24 leaks on 3 tables/);
  assert.equal(await page.textContent('[data-testid=leak-summary] .big'), String(want.length));
  // Matrix cells: red exactly where the report says.
  const red = await page.locator('[data-testid=iso-cell][data-class=leak]').count();
  assert.equal(red, want.length);
  // The repro SQL is shown and names the identity and a rollback.
  await page.locator('[data-testid=leak][data-table="public.contacts"] [data-testid=leak-sql-toggle]').first().click();
  const sql = await page.textContent('[data-testid=leak-sql]');
  assert.match(sql, /request\.jwt\.claims/);
  assert.match(sql, /rollback;?\s*$/i);
  await page.screenshot({ path: path.join(ARTIFACTS, 'leaks.png') });

  // The advisor flags the same holes statically.
  await page.click('[data-testid=tab-advisor]');
  const findings = await page.locator('[data-testid=finding]').evaluateAll((els) => els.map((e) => `${e.dataset.rule} ${e.dataset.object}`));
  assert.ok(findings.includes('rls_disabled_in_public public.invoice_lines'), findings.join('\n'));
  assert.ok(findings.some((f) => f.startsWith('update_policy_without_with_check ') && f.includes('public.notes')), findings.join('\n'));
  await page.screenshot({ path: path.join(ARTIFACTS, 'advisor.png') });
});

test('a correct example has no leak, and a finding can be suppressed with a reason', async () => {
  const page = await app.page();
  await loadFiles(page, sqlFiles(path.join(ROOT, 'examples', 'supabase-orgs')));
  const r = await finishedRun(page);
  assert.deepEqual(r.isolation.leaks, []);
  assert.ok(r.isolation.matrix.length > 50, 'the probes did run');
  await page.click('[data-testid=tab-leaks]');
  assert.match(await page.textContent('[data-testid=leak-verdict]'), /No cross-tenant access/);
  assert.equal(await page.locator('[data-testid=iso-cell][data-class=leak]').count(), 0);

  // Every rule is in the report, found or not.
  const ids = Object.keys(r.lint);
  assert.ok(ids.length >= 27 && ids.includes('rls_policy_always_true'), ids.join(' '));

  await page.click('[data-testid=tab-advisor]');
  // This example's search_path findings are all SECURITY INVOKER functions: listed in collapsed groups.
  await page.locator('[data-testid=rule][data-rule=function_search_path_mutable] [data-testid=finding-group] summary').first().click();
  const finding = page.locator('[data-testid=finding][data-rule=function_search_path_mutable]').first();
  const object = await finding.getAttribute('data-object');
  await finding.locator('[data-testid=suppress]').click();
  // Our own dialog shows the finding it silences, and asks for the reason.
  const dialog = page.locator('[data-testid=suppress-dialog]');
  assert.equal(await dialog.locator('[data-testid=suppress-finding]').getAttribute('data-object'), object);
  await dialog.locator('[data-testid=suppress-reason]').fill('trigger helper, owned by postgres; reviewed');
  await dialog.locator('[data-testid=suppress-confirm]').click();
  await page.waitForSelector(`[data-testid=finding][data-rule=function_search_path_mutable][data-suppressed=true]`, { state: 'attached' });
  const r2 = JSON.parse(await page.textContent('[data-testid=report-json]'));
  assert.deepEqual(r2.suppressions, [{ rule: 'function_search_path_mutable', object, reason: 'trigger helper, owned by postgres; reviewed' }]);
  assert.equal(r2.lint.function_search_path_mutable.find((f) => f.object === object).suppressed, 'trigger helper, owned by postgres; reviewed');
  // Kept with the project.
  await page.reload();
  await page.waitForSelector('[data-testid=app][data-runs="1"][data-run-state=done]', { timeout: 120000 });
  const r3 = JSON.parse(await page.textContent('[data-testid=report-json]'));
  assert.equal(r3.suppressions.length, 1);
  await page.context().close();
});
