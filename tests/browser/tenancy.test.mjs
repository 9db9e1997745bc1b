// The tenant model as the page shows it: classes per table, editable roots, the policy matrix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, exampleRun, sqlFiles, loadFiles, finishedRun, ROOT, ARTIFACTS } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'expected.json')));

for (const ex of examples) {
  test(`${ex}: the Tenancy tab shows the expected roots and classes`, async () => {
    const dir = path.join(ROOT, 'examples', ex);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    const { page } = await exampleRun(app, ex);
    await page.click('[data-testid=tab-tenancy]');
    const roots = await page.locator('[data-testid=root]').evaluateAll((els) => els.map((e) => e.dataset.table));
    assert.deepEqual(roots, expected.tenant_roots);
    const classes = Object.fromEntries(await page.locator('[data-testid=tenancy-row]').evaluateAll((els) => els.map((e) => [e.dataset.table, e.dataset.class])));
    for (const [table, want] of Object.entries(expected.catalog.after_up.tables)) {
      assert.equal(classes[table], want.tenancy, table);
    }
  });
}

test('removing a root reclassifies without running again; the matrix explains a cell', async () => {
  const page = await app.page('');
  const r = await finishedRun(page);
  await page.click('[data-testid=tab-tenancy]');
  const row = (t) => page.locator(`[data-testid=tenancy-row][data-table="${t}"]`);
  assert.equal(await row('public.projects').getAttribute('data-class'), 'direct');
  assert.equal(await row('public.task_checklist_items').getAttribute('data-class'), 'indirect');
  await page.click('[data-testid=root][data-table="public.organizations"] button');
  await page.waitForFunction(() => document.querySelector('[data-testid=tenancy-row][data-table="public.projects"]')?.dataset.class !== 'direct');
  assert.equal(await page.getAttribute('[data-testid=app]', 'data-run-state'), 'done');
  assert.equal(await page.getAttribute('[data-testid=app]', 'data-runs'), '1', 'no second run');
  // Put it back through the add menu.
  await page.selectOption('[data-testid=add-root]', 'public.organizations');
  await page.waitForFunction(() => document.querySelector('[data-testid=tenancy-row][data-table="public.projects"]')?.dataset.class === 'direct');
  await page.screenshot({ path: path.join(ARTIFACTS, 'tenancy.png') });

  await page.click('[data-testid=tab-policies]');
  const cell = (t, role, cmd) => page.locator(`[data-testid=matrix-row][data-table="${t}"] [data-testid=matrix-cell][data-role=${role}][data-command=${cmd}]`);
  assert.equal(await cell('public.projects', 'anon', 'SELECT').getAttribute('data-decision'), 'denied');
  assert.equal(await cell('public.projects', 'service_role', 'DELETE').getAttribute('data-decision'), 'bypass');
  assert.equal(await cell('public.projects', 'authenticated', 'SELECT').getAttribute('data-decision'), 'policies');
  await cell('public.projects', 'authenticated', 'SELECT').click();
  assert.match(await page.textContent('[data-testid=matrix-detail]'), /USING/);
  const inReport = r.policy_matrix.find((c) => c.table === 'public.projects' && c.role === 'authenticated' && c.command === 'SELECT');
  assert.equal(inReport.decision, 'policies');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=matrix-export-csv]')]);
  const lines = fs.readFileSync(await csv.path(), 'utf8').trim().split('\n');
  assert.equal(lines[0], 'table,command,role,decision,policies,reason');
  assert.equal(lines.length - 1, r.policy_matrix.length);
  await page.screenshot({ path: path.join(ARTIFACTS, 'policies.png') });
  await page.context().close();
});

test('a plain-Postgres table without RLS shows "no RLS" in red when it is tenant-scoped', async () => {
  const page = await app.page();
  await page.click('[data-testid=paste-open]');
  await page.fill('[data-testid=paste-name]', '001_tenants');
  await page.fill('[data-testid=paste-text]', [
    'create role app_user;',
    'create table orgs (id int primary key);',
    'create table a (id int primary key, org_id int not null references orgs);',
    'create table b (id int primary key, org_id int references orgs);',
    'grant select on a, b to app_user;',
  ].join('\n'));
  await page.click('[data-testid=paste-add]');
  await finishedRun(page);
  await page.click('[data-testid=tab-policies]');
  const c = page.locator('[data-testid=matrix-row][data-table="public.a"] [data-testid=matrix-cell][data-role=app_user][data-command=SELECT]');
  assert.equal(await c.getAttribute('data-decision'), 'no RLS');
  assert.match(await c.getAttribute('class'), /danger/);
  const ins = page.locator('[data-testid=matrix-row][data-table="public.a"] [data-testid=matrix-cell][data-role=app_user][data-command=INSERT]');
  assert.equal(await ins.getAttribute('data-decision'), 'no privilege');
  await page.context().close();
});
