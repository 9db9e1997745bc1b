// The verdict matrix in the page: each project under tests/fixtures/verdict/ (one per verdict
// state), loaded into the built app, shows the verdict its expected.json writes down in the
// summary and in the Export tab, check by check, and the bundle the page downloads says the same
// (its name, README, report.md, every file's banner, report.json). The report JSON, the core's
// bundle and the CLI are checked on the native engine by crates/native/tests/all/verdict_matrix.rs.
// Also: sql_text's reserved words are the browser PostgreSQL's own (pg_get_keywords, R and T).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, sqlFiles, loadFiles, finishedRun, readZip, ROOT, ARTIFACTS } from './helpers.mjs';

const DIR = path.join(ROOT, 'tests', 'fixtures', 'verdict');
const CASES = fs.readdirSync(DIR).filter((d) => fs.existsSync(path.join(DIR, d, 'expected.json'))).sort();
const CHECKS = ['run', 'validation', 'rollback', 'leaks', 'lints'];

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

// The bundle's name tag for a banner title (as Verdict::bundle_tag): none when validated.
const tagOf = (title) => (title === 'Validated' ? '' : `-${title.toUpperCase().replace(/ /g, '-')}`);

async function downloadZip(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-zip]')]);
  return { name: dl.suggestedFilename(), files: readZip(fs.readFileSync(await dl.path())) };
}

// A verdict banner (the summary's or the Export tab's): its state, each check's, its text.
async function banner(page, testid) {
  const sel = `[data-testid=${testid}]`;
  const checks = {};
  for (const c of CHECKS) checks[c] = await page.getAttribute(`${sel} [data-check=${c}]`, 'data-state');
  return {
    state: await page.getAttribute(sel, 'data-state'),
    validated: await page.getAttribute(sel, 'data-validated'),
    text: (await page.textContent(`${sel} > div`)).trim(),
    checks,
  };
}

test('each case shows one verdict in the summary, the Export tab and the downloaded bundle', async () => {
  assert.ok(CASES.length >= 6, CASES.join(', '));
  const rows = [];
  for (const c of CASES) {
    const want = JSON.parse(fs.readFileSync(path.join(DIR, c, 'expected.json'), 'utf8'));
    const page = await app.page();
    await loadFiles(page, sqlFiles(path.join(DIR, c)));
    const r = await finishedRun(page);
    assert.ok(r, `${c}: the run finished`);
    assert.equal(r.profile, want.profile, c);
    assert.equal(r.verdict.state, want.verdict, `${c}: ${JSON.stringify(r.verdict, null, 1)}`);
    const validated = String(want.verdict === 'passed');

    const summary = await banner(page, 'verdict');
    assert.equal(summary.state, want.verdict, c);
    assert.equal(summary.validated, validated, c);
    assert.deepEqual(summary.checks, want.checks, c);
    assert.ok(summary.text.startsWith(`${want.title}: `), `${c}: ${summary.text}`);
    if (c === 'inconclusive' || c === 'passed') await page.screenshot({ path: path.join(ARTIFACTS, `verdict-matrix-${c}-summary.png`) });

    await page.click('[data-testid=tab-export]');
    const exp = await banner(page, 'export-verdict');
    assert.equal(exp.state, want.verdict, c);
    assert.equal(exp.validated, validated, c);
    assert.deepEqual(exp.checks, want.checks, c);
    assert.ok(exp.text.startsWith(`${want.title}: `), `${c}: ${exp.text}`);
    if (c === 'inconclusive' || c === 'partial') await page.screenshot({ path: path.join(ARTIFACTS, `verdict-matrix-${c}-export.png`) });

    const { name, files } = await downloadZip(page);
    const folder = `tenant-planner-bundle${tagOf(want.title)}`;
    assert.equal(name, `${folder}.zip`, c);
    const text = (f) => files[`${folder}/${f}`].toString('utf8');
    const readme = text('README.md').split('\n')[0];
    assert.equal(readme, want.verdict === 'passed' ? '# Validated migration bundle' : `# ${want.title}`, c);
    const mdLine = text('report.md').split('\n')[2];
    assert.ok(mdLine.startsWith(`**${want.title}**: `), `${c}: ${mdLine}`);
    assert.equal(JSON.parse(text('report.json')).verdict.state, want.verdict, c);
    const sql = Object.keys(files).filter((f) => f.endsWith('.sql') && !f.includes('/psql/'));
    assert.ok(sql.length > 0, c);
    for (const f of sql) {
      assert.equal(files[f].toString('utf8').startsWith(`-- ${want.title}: `), want.verdict !== 'passed', `${c}: ${f}`);
    }
    rows.push([c, r.verdict.state, summary.state, exp.state, `${name} · ${mdLine.slice(0, 36)}…`]);
    await page.context().close();
  }
  console.log(['case', 'report JSON', 'summary', 'Export tab', 'bundle (name · report.md)'].join(' | '));
  for (const row of rows) console.log(row.join(' | '));
});

test("sql_text's reserved words are the browser PostgreSQL's R and T keywords", async () => {
  const page = await app.page();
  const db = await page.evaluate(async () => {
    const { PGlite } = await import(new URL('/pglite/index.js', location.href).href);
    const pg = await PGlite.create();
    const words = (await pg.query("select word from pg_catalog.pg_get_keywords() where catcode in ('R', 'T')")).rows.map((x) => x.word);
    const version = (await pg.query('select version() as v')).rows[0].v;
    await pg.close();
    return { words, version };
  });
  const src = fs.readFileSync(path.join(ROOT, 'crates/core/src/sql_text.rs'), 'utf8');
  const at = src.indexOf('pub const RESERVED');
  const ours = [...src.slice(at, src.indexOf('];', at)).matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
  assert.ok(ours.includes('with') && ours.includes('window'));
  assert.deepEqual(ours, [...db.words].sort(), db.version);
  await page.context().close();
});
