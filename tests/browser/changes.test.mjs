// What each file changed and the rollback verdict, as the page shows them.
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
  test(`${ex}: per-file changelog and a clean rollback`, async () => {
    const { page, report: r } = await exampleRun(app, ex);
    await page.click('[data-testid=tab-changes]');
    assert.equal(await page.getAttribute('[data-testid=rollback]', 'data-state'), 'clean');
    const files = await page.locator('[data-testid=file-changes]').evaluateAll((els) => els.map((e) => [e.dataset.file, Number(e.dataset.count)]));
    assert.deepEqual(files, r.apply_order.filter((f) => f in r.changes_by_file).map((f) => [f, r.changes_by_file[f].length]));
    assert.ok(files.some(([, n]) => n > 0));
  });
}

test('a rollback that forgets an index and drops a column with data is shown exactly', async () => {
  const page = await app.page();
  await loadFiles(page, sqlFiles(path.join(ROOT, 'tests/fixtures/bad-rollback')));
  await finishedRun(page);
  await page.click('[data-testid=tab-changes]');
  assert.equal(await page.getAttribute('[data-testid=rollback]', 'data-state'), 'dirty');
  const lines = await page.locator('[data-testid=rollback] [data-testid=change]').allTextContents();
  assert.deepEqual(lines, ['- column public.accounts.notes text', '- index accounts_name_idx on public.accounts (name)']);
  const data = page.locator('[data-testid=data-verdict][data-table="public.accounts"]');
  assert.equal(await data.getAttribute('data-verdict'), 'columns lost');
  assert.match(await data.textContent(), /\[notes\].*data loss/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'bad-rollback.png') });
  // Each change knows its statement: L5 dropped the old index; clicking it shows that statement.
  const dropped = page.locator('[data-testid=file-changes][data-file="002_tenants.sql"] [data-testid=change][data-kind=index][data-line="5"]');
  assert.match(await dropped.textContent(), /- index accounts_name_idx/);
  await dropped.locator('button').click();
  const focused = page.locator('[data-testid=timeline-file][data-file="002_tenants.sql"] .stmt.focused');
  assert.equal(await focused.getAttribute('data-line'), '5');
  assert.match(await focused.textContent(), /drop index public\.accounts_name_idx/);
  await page.context().close();
});

test('without a rollback file a draft is offered, and added to the project it verifies clean', async () => {
  const page = await app.page();
  const dir = path.join(ROOT, 'examples', 'client-id-backfill');
  await loadFiles(page, sqlFiles(dir).filter((f) => !/rollback/.test(f)));
  const r = await finishedRun(page);
  assert.equal(r.rollback.provided, false);
  await page.click('[data-testid=tab-changes]');
  assert.equal(await page.getAttribute('[data-testid=rollback]', 'data-state'), 'none');
  assert.match(await page.textContent('[data-testid=draft-rollback] pre'), /^-- DRAFT ROLLBACK/);
  await page.click('[data-testid=draft-add]');
  const r2 = await finishedRun(page);
  assert.deepEqual(r2.rollback_order, ['zz_draft_rollback.sql']);
  assert.equal(r2.statements.failed, 0, JSON.stringify(r2.errors));
  assert.equal(r2.rollback.clean, true, r2.rollback.verdict);
  await page.click('[data-testid=tab-changes]');
  assert.equal(await page.getAttribute('[data-testid=rollback]', 'data-state'), 'clean');
  await page.context().close();
});

test('stepping through the up statements shows each one, what it changed, and the ERD after it', async () => {
  const page = await app.page();
  await loadFiles(page, sqlFiles(path.join(ROOT, 'tests/fixtures/bad-rollback')));
  await finishedRun(page);
  await page.click('[data-testid=tab-changes]');
  await page.click('[data-testid=step-start]');
  await page.waitForSelector('[data-testid=step-next]');
  assert.equal(await page.getAttribute('[data-testid=stepper]', 'data-steps'), '5');
  await page.click('[data-testid=step-next]');
  await page.waitForFunction(() => document.querySelector('[data-testid=stepper]')?.dataset.cursor === '1');
  assert.match(await page.textContent('[data-testid=step-sql]'), /create table public\.organizations/);
  assert.deepEqual(await page.locator('[data-testid=step-change]').allTextContents(), ['+ table public.organizations (2 columns, 1 constraint, 1 index)']);
  assert.equal(await page.locator('[data-testid=step-erd] [data-table="public.organizations"]').count(), 1);
  for (let i = 2; i <= 5; i++) {
    await page.click('[data-testid=step-next]');
    await page.waitForFunction((i) => document.querySelector('[data-testid=stepper]')?.dataset.cursor === String(i), i);
  }
  assert.deepEqual(await page.locator('[data-testid=step-change]').allTextContents(), ['+ index accounts_org_name_idx on public.accounts (organization_id, name)']);
  await page.click('[data-testid=step-prev]');
  await page.waitForFunction(() => document.querySelector('[data-testid=stepper]')?.dataset.cursor === '4');
  assert.deepEqual(await page.locator('[data-testid=step-change]').allTextContents(), ['- index accounts_name_idx on public.accounts (name)']);
  await page.screenshot({ path: path.join(ARTIFACTS, 'stepper.png') });
  await page.context().close();
});
