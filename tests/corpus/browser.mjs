// The corpus through the built app in headless Chromium — the user's real path, with the browser's
// PGlite (its contrib extensions included, which the native engine lacks).
//
//   node tests/corpus/browser.mjs [NAME ...]      (scripts/build first; TP_CORPUS_ALL=1 adds slow ones)
//
// Each project whose mirror is present (/work/.mirror/<owner>+<name>/repo, or TP_MIRRORS) is
// extracted at its commit into a temporary folder, picked as a folder through the app's folder
// input (relative paths kept, as a user's drop), run with the manifest's profile and
// stand_in_extensions, and every failed statement is listed: expected (the manifest's
// expected_failures: the real platform raises it too), engine gap (the manifest's engine_gaps: a
// limit of the browser's PGlite a real server does not have), aborted transaction (25P02 after an earlier
// failure in the same file) or UNEXPECTED. Exit 1 when a project has an unexpected failure or did
// not finish; absent mirrors are listed, never a failure. Nothing extracted is kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/lib/static-server.mjs';
import { launch, reportJson } from '../../scripts/lib/browser.mjs';
import { extract, mirrorOf } from './extract.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const only = process.argv.slice(2);

// A manifest entry names a file as the app lists it under the folder (a dbmate down section with
// its `#down`, or the file's own name for it).
function matches(e, top) {
  const rel = e.file.replace(new RegExp(`^${top.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`), '');
  return (x) => x.sqlstate === e.sqlstate && [rel, rel.replace(/#down$/, ''), e.file].includes(x.file);
}

function classify(m, top, errors) {
  const expected = m.expected?.expected_failures || [];
  // Limits of the browser's engine a real server does not have (README.md: engine_gaps).
  const gaps = (m.engine_gaps || []).filter((g) => g.engine !== 'native');
  const failedIn = new Set();
  return errors.map((e) => {
    let kind = 'UNEXPECTED';
    if (expected.some(matches(e, top))) kind = 'expected';
    else if (gaps.some(matches(e, top))) kind = 'engine gap';
    else if (e.sqlstate === '25P02' && failedIn.has(e.file)) kind = 'aborted transaction';
    failedIn.add(e.file);
    return { ...e, kind };
  });
}

// Waits for a finished run newer than `after` (data-runs counts them) and returns its state.
async function runs(page, after) {
  await page.waitForFunction((after) => {
    const app = document.querySelector('[data-testid=app]');
    return app && Number(app.dataset.runs) > after && app.dataset.fresh === 'true' && ['done', 'error'].includes(app.dataset.runState);
  }, after, { timeout: 15 * 60 * 1000, polling: 200 });
  return page.getAttribute('[data-testid=app]', 'data-run-state');
}

const names = fs.readdirSync(here).filter((d) => fs.existsSync(path.join(here, d, 'manifest.json'))).sort();
const { server, url } = await serve(path.join(root, 'dist'));
const browser = await launch();
const rows = [];
let bad = 0;
try {
  for (const name of names) {
    if (only.length && !only.includes(name)) continue;
    const m = JSON.parse(fs.readFileSync(path.join(here, name, 'manifest.json'), 'utf8'));
    const repo = mirrorOf(m);
    if (!fs.existsSync(repo)) { rows.push({ name, note: 'not present (no mirror)' }); continue; }
    if (m.slow && !process.env.TP_CORPUS_ALL && !only.includes(name)) { rows.push({ name, note: 'slow: set TP_CORPUS_ALL=1' }); continue; }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-corpus-'));
    // The folder a user picks is the manifest's root, under its own name (`supabase/` for a
    // Supabase CLI project): the app sees every path under that name, as it would.
    const top = path.basename(m.root.replace(/\/$/, ''));
    const dest = path.join(tmp, top);
    const started = Date.now();
    try {
      const files = extract(m, repo, dest);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(url + '?blank');
      await page.waitForSelector('[data-testid=dir-input]', { state: 'attached', timeout: 60000 });
      await page.selectOption('[data-testid=profile-select]', m.profile || 'postgres');
      // Run past failures, as the corpus is measured: every failing statement, not only the first —
      // unless the project's real tool stops at a failure it cannot get past on a fresh database
      // (`stops_at_first_failure`: what follows never runs there either).
      if (!m.stops_at_first_failure) await page.check('[data-testid=continue-on-error]');
      await page.setInputFiles('[data-testid=dir-input]', dest);
      let state = await runs(page, 0);
      if (m.stand_in_extensions) {
        const before = Number(await page.getAttribute('[data-testid=app]', 'data-runs'));
        await page.click('[data-testid=tab-shim]');
        await page.check('[data-testid=stand-in-extensions]');
        state = await runs(page, before);
      }
      const r = await reportJson(page);
      const errs = classify(m, top, r.errors || []);
      const unexpected = errs.filter((e) => e.kind === 'UNEXPECTED');
      if (state !== 'done' || unexpected.length) bad++;
      rows.push({ name, files, stmts: r.statements?.total, failed: errs.length, expected: errs.filter((e) => e.kind === 'expected').length,
        gaps: errs.filter((e) => e.kind === 'engine gap').length, unexpected: unexpected.length, s: ((Date.now() - started) / 1000).toFixed(1), outcome: state === 'done' ? r.outcome : `app: ${state}`, errs });
      await page.close();
    } catch (e) {
      bad++;
      rows.push({ name, note: `did not finish: ${e.message.split('\n')[0]}` });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
  server.close();
}

const pad = (v, n) => String(v ?? '').padEnd(n);
console.log(`${pad('project', 26)}${pad('files', 7)}${pad('stmts', 7)}${pad('failed', 8)}${pad('expected', 10)}${pad('gaps', 6)}${pad('unexp.', 8)}${pad('s', 8)}outcome`);
for (const r of rows) {
  if (r.note) { console.log(`${pad(r.name, 26)}${r.note}`); continue; }
  console.log(`${pad(r.name, 26)}${pad(r.files, 7)}${pad(r.stmts, 7)}${pad(r.failed, 8)}${pad(r.expected, 10)}${pad(r.gaps, 6)}${pad(r.unexpected, 8)}${pad(r.s, 8)}${r.outcome}`);
}
for (const r of rows.filter((r) => r.errs?.length)) {
  console.log(`\n${r.name}:`);
  for (const e of r.errs) console.log(`  ${e.file}:${e.line} ${e.sqlstate} [${e.kind}] ${e.message}`);
}
process.exit(bad ? 1 : 0);
