// The body of scripts/bench. Every figure is measured in this run on this machine.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { serve } from './static-server.mjs';
import { launch } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 1. Transfer size (raw and gzip), by kind.
function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const groups = { 'app wasm': [], 'app js+css+html': [], 'PGlite js': [], 'PGlite wasm+data': [] };
for (const f of walk(dist)) {
  const rel = path.relative(dist, f);
  const g = rel.startsWith('pglite/') ? (/\.(wasm|data)$/.test(rel) ? 'PGlite wasm+data' : 'PGlite js') : (rel.endsWith('.wasm') ? 'app wasm' : 'app js+css+html');
  groups[g].push(f);
}
console.log('Transfer size (raw / gzip):');
let total = [0, 0];
for (const [g, files] of Object.entries(groups)) {
  const raw = files.reduce((a, f) => a + fs.statSync(f).size, 0);
  const gz = files.reduce((a, f) => a + zlib.gzipSync(fs.readFileSync(f), { level: 6 }).length, 0);
  total = [total[0] + raw, total[1] + gz];
  console.log(`  ${g.padEnd(18)} ${kb(raw).padStart(9)} / ${kb(gz).padStart(9)}`);
}
console.log(`  ${'total'.padEnd(18)} ${kb(total[0]).padStart(9)} / ${kb(total[1]).padStart(9)}`);

// 2 and 3 in headless Chromium.
const { server, url } = await serve(dist);
const browser = await launch();
const examples = fs.readdirSync(path.join(root, 'examples'))
  .map((name) => ({ name, stmts: fs.readdirSync(path.join(root, 'examples', name)).filter((f) => f.endsWith('.sql')).reduce((a, f) => a + fs.readFileSync(path.join(root, 'examples', name, f), 'utf8').length, 0) }))
  .sort((a, b) => b.stmts - a.stmts);
const largest = examples[0].name;
try {
  const firstQuery = [];
  const app = [];
  const raw = [];
  const snaps = [];
  for (let i = 0; i < ROUNDS; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(url + '?blank&bench');
    await page.waitForFunction(() => window.__tpFirstQueryMs, null, { timeout: 60000, polling: 20 });
    firstQuery.push(await page.evaluate(() => window.__tpFirstQueryMs));
    // The app: choose the example, auto-run, read the run's own timing.
    await page.selectOption('[data-testid=example-select]', largest);
    await page.waitForFunction(() => document.querySelector('[data-testid=app]')?.dataset.runState === 'done', null, { timeout: 300000, polling: 50 });
    const report = JSON.parse(await page.textContent('[data-testid=report-json]'));
    if (report.statements.failed) throw new Error(`${largest} failed in the app`);
    app.push(report.timings.total_ms);
    snaps.push(report.timings.snapshot_ms);
    // The app warms its next database after a run: let it finish before measuring raw PGlite.
    await page.waitForFunction(() => window.__tpDbsOpened >= 2, null, { timeout: 60000, polling: 20 });
    // Raw PGlite in the same page: a fresh worker database, the same statements, plain exec.
    const statements = JSON.parse(await page.textContent('[data-testid=statements-json]'));
    raw.push(await page.evaluate(async (statements) => {
      const w = new Worker(new URL('db-worker.js', document.baseURI), { type: 'module' });
      const call = (msg) => new Promise((res, rej) => { w.onmessage = (e) => (e.data.ok ? res(e.data.value) : rej(new Error(e.data.error))); w.postMessage({ id: 1, ...msg }); });
      await call({ op: 'open' });
      const r = await call({ op: 'raw_exec', statements });
      w.terminate();
      return r.ms;
    }, statements));
    await ctx.close();
  }
  const fq = median(firstQuery);
  console.log(`\nPage load → first query answered: ${fq.toFixed(0)} ms (median of ${ROUNDS}; target < 1500 ms)`);
  const a = median(app), r = median(raw);
  console.log(`\nLargest example: ${largest}`);
  console.log(`  app run (shim, every statement with notices and bookkeeping, 5 catalog snapshots): ${a.toFixed(0)} ms`);
  console.log(`  raw PGlite (exec of the same statements on a fresh database, same page):        ${r.toFixed(0)} ms`);
  console.log('  (both on a database that was already open: the app keeps one warm)');
  const sn = median(snaps);
  console.log(`  ratio app / raw: ${(a / r).toFixed(2)} (target ≤ 1.25)`);
  console.log(`  of the app run, catalog snapshots took ${sn.toFixed(0)} ms; without them the ratio is ${((a - sn) / r).toFixed(2)}`);
  console.log(`  rounds: app [${app.map((x) => x.toFixed(0)).join(', ')}], raw [${raw.map((x) => x.toFixed(0)).join(', ')}]`);
} finally {
  await browser.close();
  server.close();
}
