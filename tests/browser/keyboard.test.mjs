// The page by keyboard alone, with real key presses: the result tabs (WAI-ARIA tabs pattern),
// the skip link, our dialogs (focus in, trapped, Escape closes only the dialog and never the
// running simulation, focus back to the opener), a policy-matrix cell, an ERD box and the
// file pickers. What each test expects is written in it before it runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, loadBuffers, finishedRun, ARTIFACTS } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

const active = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return a && { id: a.id, testid: a.dataset.testid, table: a.dataset.table, tag: a.tagName.toLowerCase() };
});
const inside = (page, sel) => page.evaluate((sel) => !!document.querySelector(sel)?.contains(document.activeElement), sel);

// The default example (a first visit), run to the end.
async function example() {
  const page = await app.page('');
  await finishedRun(page);
  return page;
}

test('tabs: arrows move and select, wrapping; Home/End go to the ends; one tab in the Tab order; Tab goes on to the panel', async () => {
  const page = await example();
  const tabs = await page.locator('[role=tablist] [role=tab]').evaluateAll((els) => els.map((e) => e.id));
  // Expected: 12 tabs (Tab::ALL, Compare included), Timeline first and Profile last, every one
  // controlling the one panel.
  assert.equal(tabs.length, 12, tabs.join(' '));
  assert.equal(tabs[0], 'tab-timeline');
  assert.equal(tabs.at(-1), 'tab-shim');
  assert.deepEqual(await page.locator('[role=tab]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('aria-controls')))]), ['tabpanel']);
  assert.equal(await page.getAttribute('#tabpanel', 'role'), 'tabpanel');

  await page.focus('#tab-timeline');
  const step = async (key, id) => {
    await page.keyboard.press(key);
    await page.waitForFunction((id) => document.getElementById(id)?.getAttribute('aria-selected') === 'true', id);
    assert.equal((await active(page)).id, id, `${key} puts the focus on ${id}`);
    assert.equal(await page.getAttribute('#tabpanel', 'aria-labelledby'), id, `the panel is ${id}'s`);
    assert.equal(await page.locator('[role=tab][tabindex="0"]').count(), 1, 'one tab in the Tab order');
    assert.equal(await page.getAttribute(`#${id}`, 'tabindex'), '0');
  };
  await step('ArrowRight', 'tab-changes');
  await step('ArrowLeft', 'tab-timeline');
  await step('ArrowLeft', 'tab-shim');       // wraps to the last
  await step('ArrowRight', 'tab-timeline');  // and back to the first
  await step('End', 'tab-shim');
  await step('Home', 'tab-timeline');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.getElementById('tab-validation')?.getAttribute('aria-selected') === 'true');
  // A look at the focused tab nav (named in the report).
  await page.screenshot({ path: path.join(ARTIFACTS, 'keyboard-tabs-focused.png') });
  // Tab from the selected tab leaves the tab list for the panel (the other tabs are not stops).
  await page.keyboard.press('Tab');
  assert.equal((await active(page)).id, 'tabpanel');
  await page.context().close();
});

test('the skip link is the first Tab stop and takes the focus to the results, leaving the address as it was', async () => {
  const page = await example();
  const before = page.url();
  await page.keyboard.press('Tab');
  assert.equal((await active(page)).testid, 'skip-link', 'first Tab stop');
  const box = await page.locator('[data-testid=skip-link]').boundingBox();
  assert.ok(box && box.y >= 0 && box.height > 10, `shown when focused: ${JSON.stringify(box)}`);
  await page.keyboard.press('Enter');
  assert.equal((await active(page)).id, 'results');
  assert.equal(page.url(), before, 'no #results in the address bar');
  // From the results, the selected tab is a few Tab presses away (48 before the skip link).
  let presses = 0;
  while ((await active(page)).id !== 'tab-timeline' && presses < 12) {
    await page.keyboard.press('Tab');
    presses++;
    assert.ok(await inside(page, '#results'), `Tab press ${presses} stays in the results`);
  }
  assert.equal((await active(page)).id, 'tab-timeline', `reached the tabs in ${presses} presses`);
  await page.context().close();
});

test('paste dialog: focus moves in, Tab is trapped, Escape closes only the dialog and the run goes on; focus returns; New asks in a dialog', async () => {
  const page = await app.page();
  // A statement that runs for 30 s: the run is still going while the dialog is used.
  await loadBuffers(page, [['001_slow.sql', 'select pg_sleep(30);\n']]);
  await page.waitForSelector('[data-testid=app][data-run-state=running]');

  await page.focus('[data-testid=paste-open]');
  await page.keyboard.press('Enter');
  const dialog = page.locator('[data-testid=paste-dialog]');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('role'), 'dialog');
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  const title = await dialog.getAttribute('aria-labelledby');
  assert.equal(await page.textContent(`#${title}`), 'Paste SQL as a new file');
  assert.equal((await active(page)).testid, 'paste-text', 'focus starts in the SQL box');
  await page.screenshot({ path: path.join(ARTIFACTS, 'keyboard-paste-dialog.png') });
  // Ten Tabs and five Shift+Tabs never leave it: name, SQL, Cancel, Add file, round again.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await inside(page, '[data-testid=paste-dialog]'), `Tab ${i + 1} stays in the dialog`);
  }
  await page.focus('[data-testid=paste-name]');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await active(page)).testid, 'paste-add', 'Shift+Tab from the first goes to the last');
  await page.keyboard.press('Tab');
  assert.equal((await active(page)).testid, 'paste-name', 'Tab from the last goes to the first');
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok(await inside(page, '[data-testid=paste-dialog]'), `Shift+Tab ${i + 1} stays in the dialog`);
  }

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForTimeout(500);
  assert.equal(await page.getAttribute('[data-testid=app]', 'data-run-state'), 'running', 'Escape in the dialog did not cancel the run');
  assert.equal((await active(page)).testid, 'paste-open', 'focus is back on the opener');

  // Outside a dialog, Escape still cancels the run.
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=app][data-run-state=done]');
  assert.equal(await page.getAttribute('[data-testid=summary]', 'data-outcome'), 'cancelled');

  // New asks in our dialog (no browser confirm): Cancel has the focus, Escape keeps the project.
  await page.focus('[data-testid=new-project]');
  await page.keyboard.press('Enter');
  const confirm = page.locator('[data-testid=confirm-new]');
  await confirm.waitFor();
  assert.equal((await active(page)).testid, 'confirm-new-cancel');
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-testid=file-row]').count(), 1, 'the project is still there');
  assert.equal((await active(page)).testid, 'new-project');
  await page.keyboard.press('Enter');
  await confirm.waitFor();
  await page.keyboard.press('Tab');
  assert.equal((await active(page)).testid, 'confirm-new-ok');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=file-row]').length === 0);
  await page.context().close();
});

test('a policy-matrix cell shows why with Enter, another with Space', async () => {
  const page = await example();
  await page.click('[data-testid=tab-policies]');
  const cells = page.locator('[data-testid=matrix-cell]');
  const first = cells.nth(0);
  const row = (cell) => cell.evaluate((td) => td.closest('[data-testid=matrix-row]').dataset.table);
  await first.focus();
  await page.keyboard.press('Enter');
  const detail = page.locator('[data-testid=matrix-detail]');
  await detail.waitFor();
  const [cmd1, role1] = [await first.getAttribute('data-command'), await first.getAttribute('data-role')];
  assert.equal(await detail.locator('h4').textContent(), `${await row(first)} · ${cmd1} · ${role1}`);
  // The cell four along is the next role's (four commands a role): Space shows it.
  const other = cells.nth(4);
  await other.focus();
  await page.keyboard.press(' ');
  const [cmd2, role2] = [await other.getAttribute('data-command'), await other.getAttribute('data-role')];
  assert.notEqual(role2, role1);
  await page.waitForFunction((want) => document.querySelector('[data-testid=matrix-detail] h4')?.textContent === want, `${await row(other)} · ${cmd2} · ${role2}`);
  await page.context().close();
});

test('an ERD box takes the focus by Tab, shows a focus ring, and Enter selects it', async () => {
  const page = await example();
  await page.click('[data-testid=tab-erd]');
  await page.waitForSelector('[data-testid=erd-table]');
  await page.focus('.erd-viewport');
  await page.keyboard.press('Tab');
  const a = await active(page);
  assert.equal(a.tag, 'g');
  assert.ok(a.table, 'a table box has the focus');
  const firstBox = await page.locator('[data-testid=erd-table]').first().getAttribute('data-table');
  assert.equal(a.table, firstBox, 'the first box in the drawing');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement.querySelector('.focus-ring')).stroke);
  assert.notEqual(ring, 'none', 'the ring is drawn');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-testid=erd-panel][data-table="${a.table}"]`);
  // The next box, by Tab again, and Space.
  await page.keyboard.press('Tab');
  const b = await active(page);
  assert.ok(b.table && b.table !== a.table, JSON.stringify(b));
  await page.keyboard.press(' ');
  await page.waitForSelector(`[data-testid=erd-panel][data-table="${b.table}"]`);
  await page.context().close();
});

test('Add files opens the file picker with Enter, Add folder with Space', async () => {
  const page = await app.page();
  // Each wait starts before the focus: Playwright turns on its file-chooser interception when
  // the wait starts, and a key press sent in the same tick can reach the page first (the
  // chooser then opens unseen; measured: 0 of 3 then, 3 of 3 this way).
  const picked = page.waitForEvent('filechooser');
  await page.focus('[data-testid=add-files]');
  await page.keyboard.press('Enter');
  const chooser = await picked;
  assert.equal(chooser.isMultiple(), true);
  await chooser.setFiles([{ name: '001_one.sql', mimeType: 'text/plain', buffer: Buffer.from('create table one (id int primary key);\n') }]);
  await page.waitForSelector('[data-testid=file-row][data-file="001_one.sql"]');
  // Counts in words: one statement, not "1 statements".
  assert.equal(await page.textContent('[data-testid=file-row][data-file="001_one.sql"] [data-testid=statement-count]'), '1 statement');
  const pickedDir = page.waitForEvent('filechooser');
  await page.focus('[data-testid=add-folder]');
  await page.keyboard.press(' ');
  const folder = await pickedDir;
  assert.equal(await folder.element().getAttribute('data-testid'), 'dir-input');
  await page.context().close();
});
