// The user's real path through the built app: load files, run, read what the page shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, exampleRun, sqlFiles, loadFiles, loadBuffers, finishedRun, waitForRun, ROOT, ARTIFACTS } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'expected.json')));

for (const ex of examples) {
  test(`example ${ex} loaded through the file input runs clean and validates`, async () => {
    const dir = path.join(ROOT, 'examples', ex);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    const { page, report: r } = await exampleRun(app, ex);
    assert.equal(r.statements.failed, 0, JSON.stringify(r.errors));
    assert.equal(r.profile, expected.profile);
    if (expected.statements) assert.equal(r.statements.total, expected.statements.total);
    for (const [file, want] of Object.entries(expected.validation)) {
      assert.equal(r.validation[file].passed, want.passed, file);
      assert.equal(r.validation[file].failed, want.failed, file);
      // …and the page shows the same counts.
      await page.click('[data-testid=tab-validation]');
      const shown = page.locator(`[data-testid=validation-file][data-file="${file}"]`);
      assert.equal(await shown.getAttribute('data-passed'), String(want.passed));
      assert.equal(await shown.getAttribute('data-failed'), '0');
    }
    assert.equal(await page.textContent('[data-testid=stmt-failed]'), '0');
    assert.equal(await page.textContent('[data-testid=stmt-total]'), String(r.statements.total));
    await page.click('[data-testid=tab-tables]');
    assert.ok(await page.locator('[data-testid=table-row]').count() >= 3);
  });
}

test('a broken file shows its SQLSTATE and line, and the run stops there', async () => {
  const page = await app.page();
  await loadFiles(page, sqlFiles(path.join(ROOT, 'tests/fixtures/broken')));
  const r = await finishedRun(page);
  assert.equal(r.outcome, 'stopped');
  const err = page.locator('[data-testid=error]');
  assert.equal(await err.getAttribute('data-sqlstate'), '42601');
  assert.equal(await page.textContent('[data-testid=error-location]'), '001_add_tenant.sql:5:37 (position)');
  assert.match(await page.textContent('[data-testid=error-message]'), /referencs/);
  assert.equal(await page.locator('[data-testid=statement][data-status=not_run]').count(), 1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'broken.png') });
  // The files stay loaded after a failed run.
  assert.equal(await page.locator('[data-testid=file-row]').count(), 2);
  await page.context().close();
});

test('Cancel really stops a runaway statement', async () => {
  const page = await app.page();
  await loadBuffers(page, [['001_sleep.sql', 'select 1;\nselect pg_sleep(600);\nselect 2;\n']]);
  await page.waitForFunction(() => document.querySelector('[data-testid=progress-label]')?.textContent.includes('statement 2 of 3'), null, { timeout: 60000 });
  const t0 = Date.now();
  await page.click('[data-testid=cancel]');
  const r = await finishedRun(page);
  assert.ok(Date.now() - t0 < 5000, 'cancel took too long');
  assert.equal(r.outcome, 'cancelled');
  assert.equal(r.statements.cancelled, 1);
  assert.equal(r.statements.not_run, 1);
  // Marked where it stopped: pg_sleep(600), line 2 — in the report, the summary, the timeline.
  assert.deepEqual(r.cancelled_at, { file: '001_sleep.sql', line: 2 });
  assert.equal(r.abort_reason, undefined, 'a cancel by hand is no timeout');
  assert.equal(await page.textContent('[data-testid=outcome]'), 'Cancelled at 001_sleep.sql:2');
  const file = page.locator('[data-testid=timeline-file][data-file="001_sleep.sql"]');
  assert.equal(await file.locator('[data-testid=cancelled-at]').textContent(), 'cancelled at L2');
  assert.notEqual(await file.getAttribute('open'), null, 'the file is open at the cancelled statement');
  const stmt = file.locator('[data-testid=statement][data-line="2"]');
  assert.equal(await stmt.getAttribute('data-status'), 'cancelled');
  assert.equal(await stmt.locator('[data-testid=stopped-here]').textContent(), 'The run stopped here: cancelled at 001_sleep.sql:2.');
  if (process.env.TP_SHOTS) await page.screenshot({ path: path.join(process.env.TP_SHOTS, 'trust-cancelled.png') });
  // The app still works: run again is possible and the file is kept.
  assert.equal(await page.locator('[data-testid=file-row]').count(), 1);
  assert.equal(await page.isEnabled('[data-testid=run]'), true);
  await page.context().close();
});

// Expected before running: whenever Cancel lands (before the database is up, during the profile's
// shim or the first catalog snapshot, or in the sleep), the run ends "cancelled" with no abort
// reason. Seen once as "aborted": a cancel that stopped the shim was taken for a broken engine.
test('Cancel at any moment of the start gives a cancelled run, never an aborted one', async () => {
  const page = await app.page();
  for (const wait of [0, 150, 400, 800, 1500]) {
    await loadBuffers(page, [[`001_wait_${wait}.sql`, 'select auth.uid();\nselect pg_sleep(600);\n']]);
    await page.waitForSelector('[data-testid=app][data-run-state=running]');
    await page.waitForTimeout(wait);
    await page.click('[data-testid=cancel]');
    const r = await finishedRun(page);
    assert.ok(r, `cancel after ${wait} ms: the run ended in an error state`);
    assert.equal(r.outcome, 'cancelled', `cancel after ${wait} ms: ${r.abort_reason || ''}`);
    assert.equal(r.abort_reason, undefined);
  }
  await page.context().close();
});

test('bad input gets a clear message and never loses loaded files', async () => {
  const page = await app.page();
  await loadBuffers(page, [['001_ok.sql', 'create table a (id int primary key);\n']]);
  await finishedRun(page);
  await loadBuffers(page, [
    ['002_latin1.sql', Buffer.from([0x73, 0x65, 0x6c, 0x65, 0x63, 0x74, 0x20, 0x27, 0xe9, 0x27, 0x3b])],
    ['003_binary.sql', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])],
    ['004_empty.sql', ''],
    ['notes.txt', 'not sql'],
  ]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=message]').length >= 4);
  const messages = await page.locator('[data-testid=message]').allTextContents();
  assert.ok(messages.some((m) => m.includes('002_latin1.sql is not UTF-8: byte 0xE9 at line 1, column 9')), messages.join('\n'));
  assert.ok(messages.some((m) => m.includes('003_binary.sql looks like a binary file')), messages.join('\n'));
  assert.ok(messages.some((m) => m.includes('004_empty.sql is empty')), messages.join('\n'));
  assert.ok(messages.some((m) => m.includes('not .sql: notes.txt')), messages.join('\n'));
  const rows = await page.locator('[data-testid=file-row]').evaluateAll((els) => els.map((e) => e.dataset.file));
  assert.deepEqual(rows, ['001_ok.sql', '004_empty.sql']);
  await page.context().close();
});

test('roles and order can be changed before running; files survive a reload', async () => {
  const page = await app.page();
  await loadBuffers(page, [
    ['b_second.sql', 'create table b (id int);\n'],
    ['a_first.sql', 'create table a (id int);\n'],
    ['cleanup.sql', 'drop table a;\n'],
  ]);
  await finishedRun(page);
  const order = () => page.locator('[data-testid=file-row]').evaluateAll((els) => els.map((e) => `${e.dataset.file}:${e.dataset.role}`));
  assert.deepEqual(await order(), ['a_first.sql:up', 'b_second.sql:up', 'cleanup.sql:up']);
  await page.selectOption('[data-testid=file-row][data-file="cleanup.sql"] [data-testid=role-select]', 'rollback');
  await page.click('[data-testid=file-row][data-file="b_second.sql"] [data-testid=move-up]');
  assert.deepEqual(await order(), ['b_second.sql:up', 'a_first.sql:up', 'cleanup.sql:rollback']);
  const r = await finishedRun(page);
  assert.deepEqual(r.apply_order, ['b_second.sql', 'a_first.sql']);
  assert.deepEqual(r.rollback_order, ['cleanup.sql']);
  await page.reload();
  await page.waitForSelector('[data-testid=file-row]');
  assert.deepEqual(await order(), ['b_second.sql:up', 'a_first.sql:up', 'cleanup.sql:rollback']);
  await page.context().close();
});

test('pasting SQL adds a file; psql meta-commands are listed as skipped', async () => {
  const page = await app.page();
  await page.click('[data-testid=paste-open]');
  await page.fill('[data-testid=paste-name]', '001_pasted');
  await page.fill('[data-testid=paste-text]', "\\echo hello\ndo $$ begin raise notice 'from a DO block'; end $$;\n");
  await page.click('[data-testid=paste-add]');
  const r = await finishedRun(page);
  assert.deepEqual(r.files.map((f) => f.file), ['001_pasted.sql']);
  assert.equal(r.statements.skipped, 1);
  assert.equal(r.notices[0].message, 'from a DO block');
  assert.match(await page.textContent('[data-testid=statement][data-status=skipped]'), /never sent/);
  await page.context().close();
});

test('first visit opens and runs the default example; screenshot at 1280x800', async () => {
  const page = await app.page('');
  const r = await finishedRun(page);
  assert.equal(r.statements.failed, 0);
  assert.ok(r.statements.total > 50);
  await page.screenshot({ path: path.join(ARTIFACTS, 'default-example.png') });
  await page.selectOption('[data-testid=example-select]', 'settings-to-orgs');
  await page.waitForFunction(() => document.querySelector('[data-testid=file-row]')?.dataset.file === '000_baseline.sql');
  const r2 = await finishedRun(page);
  assert.ok(r2.files.some((f) => f.file === '057_migrate_user_settings.sql'));
  await page.context().close();
});
