// The app's own honesty and safety, as a user meets them: marking a table shared asks why, is
// shown beside the leak count and in the export, travels in the link and is undone in one click;
// a runaway statement is stopped by the statement timeout, and its project then opens held (where
// a cancelled run is marked: app.test.mjs, 'Cancel really stops a runaway statement'); an opened
// link stays in the address bar and follows the project.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { startApp, sqlFiles, loadFiles, loadBuffers, finishedRun, afterReload, waitForRun, reportJson, readZip, ROOT, ARTIFACTS, openLinkFresh } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

// The project and view a link's fragment holds (share.rs: #p=1.<base64url(zlib(json))>).
const linkJson = (hash) => JSON.parse(zlib.inflateSync(Buffer.from(hash.replace(/^#p=1\./, ''), 'base64url')).toString());

const SHOTS = process.env.TP_SHOTS;
const shot = (page, name) => SHOTS && page.screenshot({ path: path.join(SHOTS, `trust-${name}.png`) });

test('Mark shared asks for a reason, is shown beside the leak count and in the export, travels in the link, and is undone in one click', async () => {
  const page = await app.page();
  await loadFiles(page, sqlFiles(path.join(ROOT, 'examples', 'leaky-tenants')));
  const before = await finishedRun(page);
  // leaky-tenants: 24 leaks, 3 of them SELECTs on public.contacts (its open SELECT policy).
  assert.equal(before.isolation.leaks.length, 24);
  assert.equal(before.isolation.leaks.filter((l) => l.table === 'public.contacts').length, 3);
  await page.click('[data-testid=tab-leaks]');
  await page.click('[data-testid=leak-group][data-table="public.contacts"] [data-testid=mark-shared]');
  const dialog = page.locator('[data-testid=shared-dialog]');
  assert.match(await dialog.textContent(), /3 leaks found on it in this run will no longer count/);
  // No reason, no mark: said in the dialog, nothing runs.
  const runs = await page.getAttribute('[data-testid=app]', 'data-runs');
  await page.click('[data-testid=shared-confirm]');
  assert.match(await page.textContent('[data-testid=shared-error]'), /Give a reason/);
  assert.equal(await page.getAttribute('[data-testid=app]', 'data-runs'), runs);
  const reason = 'Contacts are a public directory in this app';
  await page.fill('[data-testid=shared-reason]', reason);
  await shot(page, 'shared-dialog');
  await page.click('[data-testid=shared-confirm]');
  const marked = await finishedRun(page);
  assert.equal(marked.isolation.leaks.length, 21);
  // The three SELECTs of counted personas that reached tenant A's contacts.
  assert.deepEqual(marked.shared_tables, [{ table: 'public.contacts', reason, uncounted: 3 }]);
  assert.match(await page.textContent('[data-testid=leak-summary]'), /21\s*leaks · 1 table marked shared by you/);
  assert.match(await page.textContent('[data-testid=shared-marks] [data-table="public.contacts"]'), /Contacts are a public directory in this app \(3 probes reached tenant A's rows\)/);
  await shot(page, 'shared-summary');

  // The export says it too.
  await page.click('[data-testid=tab-export]');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-zip]')]);
  const zip = readZip(fs.readFileSync(await dl.path()));
  const md = zip[Object.keys(zip).find((n) => n.endsWith('/report.md'))].toString();
  assert.match(md, /1 table marked shared by the user/);
  assert.ok(md.includes(`| public.contacts | ${reason} | 3 |`), md.slice(md.indexOf('## Cross-tenant')));

  // The link carries the mark and its reason (read from the link itself here; a link opening its
  // project in a fresh browser is share.test.mjs's, and the decoding crates/core's share tests').
  await page.click('[data-testid=share]');
  const link = await page.inputValue('[data-testid=share-link]');
  const carried = linkJson(new URL(link).hash).project;
  assert.ok(JSON.stringify(carried).includes(reason), JSON.stringify(carried).slice(0, 400));
  // Undone in one click: the leaks count again.
  await page.click('[data-testid=tab-leaks]');
  await page.click('[data-testid=shared-marks] [data-testid=unmark-shared]');
  const undone = await finishedRun(page);
  assert.equal(undone.isolation.leaks.length, 24);
  assert.equal(undone.shared_tables, undefined);
  assert.equal(await page.locator('[data-testid=shared-marks]').count(), 0);
  assert.doesNotMatch(await page.textContent('[data-testid=leak-summary]'), /marked shared/);
  await page.context().close();
});

// A runaway statement: pg_sleep(5) against a 2-second timeout.
const SLOW = [['001_slow.sql', 'create table public.t (id int primary key);\nselect pg_sleep(5);\ncreate table public.u (id int);\n']];

test('the statement timeout stops a runaway statement; saved or shared, the project then opens without running', async () => {
  const page = await app.page();
  await page.fill('[data-testid=statement-timeout]', '2');
  await page.press('[data-testid=statement-timeout]', 'Tab');
  await loadBuffers(page, SLOW);
  const r = await finishedRun(page);
  assert.equal(r.outcome, 'cancelled');
  assert.equal(r.abort_reason, 'stopped by the statement timeout (2 s) at 001_slow.sql:2');
  assert.equal(await page.textContent('[data-testid=outcome]'), 'Cancelled at 001_slow.sql:2');
  assert.equal(await page.textContent('[data-testid=abort-reason]'), 'stopped by the statement timeout (2 s) at 001_slow.sql:2');
  await page.click('[data-testid=share]');
  const link = await page.inputValue('[data-testid=share-link]');

  // Saved: a reload opens it held, and keeps the timeout setting.
  await page.reload();
  await page.waitForSelector('[data-testid=held-run]');
  const held = 'Not run on opening: its last run was stopped by the statement timeout (2 s) at 001_slow.sql:2.';
  assert.ok((await page.textContent('[data-testid=held-run]')).startsWith(held));
  assert.equal(await page.inputValue('[data-testid=statement-timeout]'), '2');
  // An auto-run would have started at once (and shown 'running'): half a second is plenty.
  await page.waitForTimeout(500);
  assert.equal(await page.getAttribute('[data-testid=app]', 'data-runs'), '0');
  assert.equal(await page.getAttribute('[data-testid=app]', 'data-run-state'), 'idle');
  await shot(page, 'held');
  // Its Run button runs it (and the timeout stops it again).
  await page.click('[data-testid=held-run-run]');
  await waitForRun(page);
  assert.equal((await reportJson(page)).abort_reason, 'stopped by the statement timeout (2 s) at 001_slow.sql:2');
  assert.equal(await page.locator('[data-testid=held-run]').count(), 0);
  await page.context().close();

  // Shared: a fresh browser opening the link is held too.
  const ctx = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fresh = await ctx.newPage();
  await fresh.goto(link);
  await fresh.waitForSelector('[data-testid=held-run]');
  assert.ok((await fresh.textContent('[data-testid=held-run]')).startsWith(held));
  await fresh.waitForTimeout(500);
  assert.equal(await fresh.getAttribute('[data-testid=app]', 'data-runs'), '0');
  assert.equal(await fresh.getAttribute('[data-testid=app]', 'data-run-state'), 'idle');
  await ctx.close();
});

test('an opened link stays in the address bar, follows the project and the view, and says when it is too large', async () => {
  const page = await app.page();
  await loadBuffers(page, [['001_a.sql', 'create table public.a (id int primary key);\n']]);
  await finishedRun(page);
  const { link, ctx, fresh } = await openLinkFresh(app, page);
  await finishedRun(fresh);
  // Still there, as opened (the same project and view make the same link).
  await fresh.waitForTimeout(600);
  assert.equal(new URL(fresh.url()).hash, new URL(link).hash);
  // A change of view is written in place, a moment later.
  await fresh.click('[data-testid=tab-erd]');
  await fresh.waitForFunction((h) => location.hash !== h, new URL(link).hash);
  assert.equal(linkJson(new URL(fresh.url()).hash).view.tab, 'erd');
  // A reload opens what the bar holds: the ERD tab, the same saved project (Recent lists no other).
  await fresh.reload();
  await afterReload(fresh);
  assert.equal(await fresh.getAttribute('[data-testid=tab-erd]', 'aria-selected'), 'true');
  assert.equal(await fresh.isDisabled('[data-testid=recent-projects]'), true);

  // Too large for a link: said in the bar and beside Copy link, never cut.
  // 120 KB that does not compress (random printable characters in a comment): over 64 KB as a link.
  const noise = '-- ' + Array.from(crypto.randomBytes(120000), (b) => String.fromCharCode(33 + (b % 90))).join('');
  await loadBuffers(fresh, [['002_noise.sql', noise + '\n']]);
  await fresh.waitForSelector('[data-testid=link-too-large]');
  assert.equal(new URL(fresh.url()).hash, '#project-too-large-for-a-link');
  assert.match(await fresh.textContent('[data-testid=link-too-large]'), /^No link in the address bar: the project is too large for a link \(\d+ KB once compressed; the limit is 64 KB\): export the bundle instead\.$/);
  await shot(fresh, 'link-too-large');
  // Small again: the link is back.
  await fresh.click('[data-testid=file-row][data-file="002_noise.sql"] [data-testid=remove-file]');
  await fresh.waitForFunction(() => location.hash.startsWith('#p=1.'));
  assert.equal(await fresh.locator('[data-testid=link-too-large]').count(), 0);
  assert.deepEqual(linkJson(new URL(fresh.url()).hash).project.files.map((f) => f.name), ['001_a.sql']);
  await ctx.close();
});
