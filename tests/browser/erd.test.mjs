// The tenant ERD as a user sees it: one box per table with its class, a side panel on click,
// exports that download and parse, filters, before/after.
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
  test(`${ex}: one box per table with the expected class colors`, async () => {
    const dir = path.join(ROOT, 'examples', ex);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    const { page } = await exampleRun(app, ex);
    await page.click('[data-testid=tab-erd]');
    await page.waitForSelector('[data-testid=erd-table]');
    const boxes = Object.fromEntries(await page.locator('[data-testid=erd-table]').evaluateAll((els) => els.map((e) => [e.dataset.table, e.dataset.class])));
    for (const [table, want] of Object.entries(expected.catalog.after_up.tables)) {
      assert.equal(boxes[table], want.tenancy, table);
    }
    // Every box is one of the user's tables or a table they reference (auth.users).
    assert.equal(Object.keys(boxes).length, new Set(Object.keys(boxes)).size);
    for (const t of Object.keys(boxes)) assert.ok(t in expected.catalog.after_up.tables || t === 'auth.users', t);
    // The header colour comes from the class.
    const fills = await page.locator('[data-testid=erd-table] .hdr').evaluateAll((els) => els.map((e) => getComputedStyle(e).fill));
    assert.ok(new Set(fills).size >= 2, 'classes get different colours');
    await page.screenshot({ path: path.join(ARTIFACTS, `erd-${ex}.png`) });
  });
}

test('click opens the side panel; exports download and parse; filters and before/after', async () => {
  const page = await app.page('');
  await finishedRun(page);
  await page.click('[data-testid=tab-erd]');
  await page.waitForSelector('[data-testid=erd-table]');
  await page.click('[data-testid=erd-table][data-table="public.task_checklist_items"]');
  const panel = page.locator('[data-testid=erd-panel]');
  assert.equal(await panel.getAttribute('data-table'), 'public.task_checklist_items');
  const text = await panel.textContent();
  assert.match(text, /public\.task_checklist_items\(task_id\) → public\.tasks\(id\)/);
  assert.match(text, /USING/);

  // SVG export: a download that parses as SVG with one group per table.
  const [svgDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=erd-export-svg]')]);
  const svg = fs.readFileSync(await svgDl.path(), 'utf8');
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return { error: !!doc.querySelector('parsererror'), tables: doc.querySelectorAll('[data-table]').length, root: doc.documentElement.nodeName };
  }, svg);
  assert.deepEqual(parsed, { error: false, tables: await page.locator('[data-testid=erd-table]').count(), root: 'svg' });
  // PNG export: a real PNG.
  const [pngDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=erd-export-png]')]);
  const png = fs.readFileSync(await pngDl.path());
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  // Mermaid: one entity per box, one relationship per FK edge.
  const [mmdDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=erd-export-mermaid]')]);
  const mmd = fs.readFileSync(await mmdDl.path(), 'utf8');
  assert.match(mmd, /^erDiagram/m);
  const edges = await page.locator('[data-testid=erd-edge]').count();
  assert.equal(mmd.split('\n').filter((l) => /\s(\}o|\|o|\|\|)--(o\||\|\||o\{|\|\{)\s/.test(l)).length, edges);

  // Filters: only indirect tables; focus on one table and its neighbours.
  await page.selectOption('[data-testid=erd-class]', 'indirect');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=erd-table]').length === 1);
  await page.selectOption('[data-testid=erd-class]', '');
  await page.click('[data-testid=erd-table][data-table="public.tasks"]');
  await page.click('[data-testid=erd-focus]');
  const focused = await page.locator('[data-testid=erd-table]').evaluateAll((els) => els.map((e) => e.dataset.table).sort());
  assert.ok(focused.includes('public.tasks') && focused.includes('public.projects') && focused.includes('public.task_checklist_items'));
  assert.ok(!focused.includes('public.journal_entries'));
  await page.click('[data-testid=erd-focus]');

  // Before/after: organizations is new after the up migrations and absent before.
  assert.equal(await page.getAttribute('[data-testid=erd-table][data-table="public.organizations"]', 'data-new'), 'true');
  await page.click('[data-testid=erd-before]');
  await page.waitForFunction(() => document.querySelector('[data-testid=erd]')?.dataset.mode === 'before');
  assert.equal(await page.locator('[data-testid=erd-table][data-table="public.organizations"]').count(), 0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'erd-before.png') });
  await page.context().close();
});
