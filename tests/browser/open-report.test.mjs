// A report made by the command line, dropped on the page, opens as its recorded run: the banner
// names the engine and version that made it (a real PostgreSQL 16 server when scripts/setup put
// its binaries in target/postgres/16, else pglite-oxide), every tab shows that run, nothing runs
// here until "Re-run here on PGlite", which replaces it. A JSON file that is not a report gets a
// message naming it and leaves the project. Screenshot in tests/browser/artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT, ARTIFACTS, startApp, finishedRun, reportJson } from './helpers.mjs';

const exec = promisify(execFile);
const BIN = path.join(ROOT, 'target/debug/tenant-planner');
const MB = 1 << 20;
const EXAMPLE = 'leaky-tenants';
const SERVER = fs.existsSync(path.join(ROOT, 'target/postgres/16/bin/initdb'));

// What the example's run holds (examples/leaky-tenants/expected.json), on any engine: its six
// tables with their classes, 99 statements, and 24 cross-tenant leaks.
const TABLES = {
  'public.contacts': 'direct',
  'public.invoice_lines': 'indirect',
  'public.invoices': 'direct',
  'public.notes': 'direct',
  'public.organization_members': 'direct',
  'public.organizations': 'root',
};
const STATEMENTS = '99';
const LEAKS = '24';
const BANNER = SERVER
  ? /^Report from PostgreSQL 16\.\d+ \(server\), made by tenant-planner \d+\.\d+\.\d+ on the command line$/
  : /^Report from PostgreSQL 17\.5 \(pglite-oxide, in-process\), made by tenant-planner \d+\.\d+\.\d+ on the command line$/;

let app;
let reportText;
before(async () => {
  app = await startApp();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // Up to date with the sources. Under scripts/test (TP_NATIVE_REPORTS set, as cli-agreement reads
  // it) the cargo tests' `--workspace` build made it already; a `-p` build here would unify the
  // dependencies' features differently and rebuild the Wasmer stack (60–160 s inside the first
  // browser test, and the next `cargo test --workspace` rebuilt it back).
  if (!process.env.TP_NATIVE_REPORTS) {
    await exec('cargo', ['build', '-q', '-p', 'tenant-planner-native', '--bin', 'tenant-planner'], { cwd: ROOT, maxBuffer: 64 * MB });
  }
  const args = ['check', `examples/${EXAMPLE}`, '--format', 'json', ...(SERVER ? ['--postgres-version', '16'] : [])];
  try {
    reportText = (await exec(BIN, args, { cwd: ROOT, maxBuffer: 256 * MB })).stdout;
  } catch (e) {
    // Exit 1: it ran and found something (the leaks); the report is on stdout.
    if (e.code !== 1) throw e;
    reportText = e.stdout;
  }
}, { timeout: 30 * 60 * 1000 });
after(async () => { await app.close(); });

// Drops files on the page as a user does (a DataTransfer carrying them).
async function drop(page, files) {
  const dt = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const { name, text } of files) dt.items.add(new File([text], name, { type: 'application/json' }));
    return dt;
  }, files);
  await page.dispatchEvent('[data-testid=app]', 'drop', { dataTransfer: dt });
}

const runs = (page) => page.getAttribute('[data-testid=app]', 'data-runs');
const fileNames = (page) => page.locator('[data-testid=file-row]').evaluateAll((els) => els.map((e) => e.dataset.file));

test('a command-line report dropped on the page shows its run as recorded, with its engine', { timeout: 10 * 60 * 1000 }, async () => {
  const cli = JSON.parse(reportText);
  assert.equal(cli.engine.name, SERVER ? 'postgresql (server)' : 'pglite-oxide (native)');
  assert.ok(cli.run && cli.run.project && cli.run.result, 'the CLI report records its run');

  const page = await app.page('?blank');
  await drop(page, [{ name: 'report.json', text: reportText }]);
  await page.waitForSelector('[data-testid=opened-report]');
  assert.equal(await runs(page), '1');
  assert.equal(await page.getAttribute('[data-testid=app]', 'data-run-state'), 'done');
  assert.match(await page.textContent('[data-testid=opened-report-source]'), BANNER);
  assert.match(await page.textContent('[data-testid=opened-report]'), /shown as recorded, not re-run here/);
  // The page's report is the recorded one, engine and all.
  const shown = await reportJson(page);
  assert.equal(shown.engine.name, cli.engine.name);
  assert.equal(shown.engine.postgres_version, cli.engine.postgres_version);
  assert.equal(shown.run, undefined, 'the page\'s Report JSON stays lean');

  // Summary, ERD, matrix and leaks: the recorded run's.
  assert.equal(await page.textContent('[data-testid=stmt-total]'), STATEMENTS);
  assert.equal(await page.getAttribute('[data-testid=leak-summary]', 'data-state'), 'failed');
  assert.equal(await page.textContent('[data-testid=leak-summary] .big'), LEAKS);
  await page.click('[data-testid=tab-erd]');
  await page.waitForSelector('[data-testid=erd-table]');
  const boxes = Object.fromEntries(await page.locator('[data-testid=erd-table]').evaluateAll((els) => els.map((e) => [e.dataset.table, e.dataset.class])));
  for (const [table, cls] of Object.entries(TABLES)) assert.equal(boxes[table], cls, table);
  await page.click('[data-testid=tab-policies]');
  await page.waitForSelector('[data-testid=matrix-row]');
  const rows = await page.locator('[data-testid=matrix-row]').evaluateAll((els) => els.map((e) => e.dataset.table));
  for (const t of Object.keys(TABLES)) assert.ok(rows.includes(t), `matrix row ${t}: ${rows.join(', ')}`);
  await page.click('[data-testid=tab-leaks]');
  assert.equal(await page.getAttribute('[data-testid=leaks]', 'data-count'), LEAKS);
  assert.equal(await page.locator('[data-testid=leak]').count(), Number(LEAKS));
  await page.screenshot({ path: path.join(ARTIFACTS, 'open-report.png') });

  // Nothing runs by itself (auto-run is on): after a while it is still the one recorded run.
  await page.waitForTimeout(3000);
  assert.equal(await runs(page), '1');
  assert.equal((await reportJson(page)).engine.name, cli.engine.name);

  // A JSON file that is not a report, through "Open report…": a message, the project as it was.
  const before = await fileNames(page);
  assert.equal(before.length, 5, before.join(', '));
  await page.setInputFiles('[data-testid=report-input]', [{ name: 'package.json', mimeType: 'application/json', buffer: Buffer.from('{"name": "app", "version": "1.0.0"}') }]);
  const error = page.locator('[data-testid=message][data-level=error]');
  await error.first().waitFor();
  assert.equal(await error.first().textContent(), 'Error: package.json is not a Tenant Planner report (it has no "tool" object); the project is unchanged×');
  assert.deepEqual(await fileNames(page), before);
  assert.equal(await runs(page), '1');
  assert.ok(await page.isVisible('[data-testid=opened-report]'));

  // Re-run here: PGlite's run replaces the recorded one, and the banner goes.
  await page.click('[data-testid=rerun-here]');
  const rerun = await finishedRun(page);
  assert.equal(rerun.engine.name, 'pglite (browser)');
  assert.equal(await page.locator('[data-testid=opened-report]').count(), 0);
  assert.equal(rerun.isolation.leaks.length, Number(LEAKS));
  await page.context().close();
});

test('a broken or older report says what is wrong and leaves the project', async () => {
  const page = await app.page('?blank');
  const cli = JSON.parse(reportText);
  delete cli.run;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-open-'));
  const lean = path.join(dir, 'lean.json');
  fs.writeFileSync(lean, JSON.stringify(cli));
  await page.setInputFiles('[data-testid=report-input]', lean);
  const error = page.locator('[data-testid=message][data-level=error]');
  await error.first().waitFor();
  assert.match(await error.first().textContent(), /^Error: lean\.json is a Tenant Planner report without its recorded run .*tenant-planner check DIR --format json/);
  await drop(page, [{ name: 'broken.json', text: '{"tool": {"name": "tenant-planner",\n' }]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=message][data-level=error]').length === 2);
  assert.equal(await error.nth(1).textContent(), 'Error: broken.json is not valid JSON: EOF while parsing a value at line 2 column 0; the project is unchanged×');
  assert.equal(await page.locator('[data-testid=file-row]').count(), 0);
  assert.equal(await page.locator('[data-testid=opened-report]').count(), 0);
  await page.context().close();
});
