// axe-core (the npm devDependency, pinned in package.json) injected into the built app: on each
// tab of the default example, and with each of our dialogs open, no violation of impact
// "serious" or "critical" (colour contrast, names, roles, ARIA attributes, …). Expected: none,
// anywhere; a failure lists each rule, its help and the elements it found.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startApp, finishedRun, ROOT } from './helpers.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

let app;
before(async () => { app = await startApp(); });
after(async () => { await app.close(); });

async function serious(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const explain = (where, vs) => `${where}:\n` + vs.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 6).join('\n    ')}`).join('\n');

test('no serious or critical axe-core violation on any tab of the default example, nor in the dialogs', async () => {
  const page = await app.page('');
  await finishedRun(page);
  const tabs = await page.locator('[role=tab]').evaluateAll((els) => els.map((e) => e.id));
  assert.equal(tabs.length, 12, 'every tab of Tab::ALL, Compare included');
  const found = [];
  for (const id of tabs) {
    await page.click(`#${id}`);
    await page.waitForFunction((id) => document.getElementById('tabpanel')?.getAttribute('aria-labelledby') === id, id);
    if (id === 'tab-policies') await page.locator('[data-testid=matrix-cell]').first().click();
    if (id === 'tab-erd') await page.locator('[data-testid=erd-table]').first().click();
    const vs = await serious(page);
    if (vs.length) found.push(explain(id, vs));
  }
  // The dialogs: paste, New's question, Suppress… (with the finding it silences).
  await page.click('[data-testid=paste-open]');
  await page.waitForSelector('[data-testid=paste-dialog]');
  let vs = await serious(page);
  if (vs.length) found.push(explain('paste dialog', vs));
  await page.keyboard.press('Escape');
  await page.click('[data-testid=new-project]');
  await page.waitForSelector('[data-testid=confirm-new]');
  vs = await serious(page);
  if (vs.length) found.push(explain('New dialog', vs));
  await page.keyboard.press('Escape');
  await page.click('#tab-advisor');
  await page.locator('[data-testid=suppress]:visible').first().click();
  await page.waitForSelector('[data-testid=suppress-dialog]');
  vs = await serious(page);
  if (vs.length) found.push(explain('Suppress dialog', vs));
  assert.deepEqual(found, [], found.join('\n'));
  await page.context().close();
});
