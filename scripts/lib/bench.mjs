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
const groups = { 'app wasm': [], 'app js+css+html': [], 'PGlite js': [], 'PGlite wasm+data': [], 'PGlite data dir': [] };
for (const f of walk(dist)) {
  const rel = path.relative(dist, f);
  const g = rel.startsWith('pglite/')
    ? (/\.(wasm|data)$/.test(rel) ? 'PGlite wasm+data' : rel.endsWith('.tar.gz') ? 'PGlite data dir' : 'PGlite js')
    : (rel.endsWith('.wasm') ? 'app wasm' : 'app js+css+html');
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
  const reportMs = [];
  const firstRun = [];
  for (let i = 0; i < ROUNDS; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(url + '?blank&bench');
    await page.waitForFunction(() => window.__tpFirstQueryMs, null, { timeout: 60000, polling: 20 });
    firstQuery.push(await page.evaluate(() => window.__tpFirstQueryMs));
    // The app: choose the example, auto-run, read the run's own timing.
    await page.selectOption('[data-testid=example-select]', largest);
    await page.waitForFunction(() => document.querySelector('[data-testid=app]')?.dataset.runState === 'done', null, { timeout: 300000, polling: 50 });
    const first = JSON.parse(await page.textContent('[data-testid=report-json]'));
    if (first.statements.failed) throw new Error(`${largest} failed in the app`);
    firstRun.push(first.timings.total_ms);
    // A second run, as when a user edits and re-runs (the app keeps a fresh database's catalog).
    await page.waitForFunction(() => window.__tpDbsOpened >= 2, null, { timeout: 60000, polling: 20 });
    await page.click('[data-testid=run]');
    await page.waitForFunction(() => document.querySelector('[data-testid=app]')?.dataset.runs === '2' && document.querySelector('[data-testid=app]')?.dataset.runState === 'done', null, { timeout: 300000, polling: 50 });
    const report = JSON.parse(await page.textContent('[data-testid=report-json]'));
    app.push(report.timings.total_ms);
    snaps.push(report.timings.snapshot_ms);
    reportMs.push(await page.evaluate(() => window.__tpReportMs || 0));
    // The app warms its next database after a run: let it finish before measuring raw PGlite.
    await page.waitForFunction(() => window.__tpDbsOpened >= 3, null, { timeout: 60000, polling: 20 });
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
  console.log(`  app run (shim, every statement with notices, DDL log and bookkeeping, catalog snapshots): ${a.toFixed(0)} ms`);
  console.log(`  (that is a second run in the page; the first run of a page, which also reads a fresh database's catalog: ${median(firstRun).toFixed(0)} ms)`);
  console.log(`  raw PGlite (exec of the same statements on a fresh database, same page):        ${r.toFixed(0)} ms`);
  console.log('  (both on a database that was already open: the app keeps one warm)');
  const sn = median(snaps);
  console.log(`  ratio app / raw: ${(a / r).toFixed(2)} (target ≤ 1.25)`);
  console.log(`  of the app run, catalog snapshots took ${sn.toFixed(0)} ms; without them the ratio is ${((a - sn) / r).toFixed(2)}`);
  const rm = median(reportMs);
  console.log(`\nSnapshots (base, after seed with fingerprints, one per up file, after rollback with fingerprints)`);
  console.log(`  and the report (diffs, rollback check, tenancy, matrix, ${rm.toFixed(0)} ms): ${(((sn + rm) / (a + rm)) * 100).toFixed(0)} % of the simulation (target ≤ 20 %)`);
  console.log(`  rounds: app [${app.map((x) => x.toFixed(0)).join(', ')}], raw [${raw.map((x) => x.toFixed(0)).join(', ')}]`);
  // 4. The tenant ERD: classification + layout + SVG + first render, and pan/zoom frames.
  const erd = async (label, load) => {
    const times = [];
    let frames = [];
    let tables = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await ctx.newPage();
      await page.goto(url + '?blank');
      await load(page);
      await page.waitForFunction(() => document.querySelector('[data-testid=app]')?.dataset.runState === 'done', null, { timeout: 300000, polling: 50 });
      await page.click('[data-testid=tab-erd]');
      await page.waitForSelector('[data-testid=erd-table]', { timeout: 60000 });
      await page.waitForFunction(() => window.__tpErdMs !== undefined);
      times.push(await page.evaluate(() => window.__tpErdMs));
      tables = await page.locator('[data-testid=erd-table]').count();
      // 40 zoom and pan steps, one per animation frame; the frame-to-frame times.
      frames = frames.concat(await page.evaluate(async () => {
        const vp = document.querySelector('.erd-viewport');
        const r = vp.getBoundingClientRect();
        const out = [];
        let last = performance.now();
        for (let k = 0; k < 40; k++) {
          await new Promise((res) => requestAnimationFrame(res));
          const now = performance.now();
          out.push(now - last);
          last = now;
          if (k % 2) vp.dispatchEvent(new WheelEvent('wheel', { deltaY: k % 4 === 1 ? -100 : 100, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
          else vp.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
        }
        return out.slice(2);
      }));
      await ctx.close();
    }
    const sorted = [...frames].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)];
    console.log(`  ${label}: ${tables} boxes, classify + layout + SVG + first render ${median(times).toFixed(0)} ms; pan/zoom frame median ${median(frames).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
  };
  console.log('\nTenant ERD (target: < 300 ms for 300 tables; frames < 16 ms):');
  await erd(largest, (page) => page.selectOption('[data-testid=example-select]', largest));
  const generated = generatedSchema(300, 600);
  await erd('generated 300 tables / 600 FKs', (page) => page.setInputFiles('[data-testid=file-input]', [{ name: '001_generated.sql', mimeType: 'text/plain', buffer: Buffer.from(generated) }]));
} finally {
  await browser.close();
  server.close();
}

// 5. Share links: size against the raw SQL, and encode + decode time for 200 KB of SQL (native
// build of the same core code; the browser runs it compiled to wasm).
{
  const { execFileSync } = await import('node:child_process');
  const os = await import('node:os');
  const big = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-link-'));
  // 200 KB of realistic SQL: the three examples' files, repeated under new names.
  const texts = examples.flatMap((e) => fs.readdirSync(path.join(root, 'examples', e.name)).filter((f) => f.endsWith('.sql')).map((f) => fs.readFileSync(path.join(root, 'examples', e.name, f), 'utf8')));
  let total = 0;
  for (let i = 0; total < 200 * 1024; i++) {
    const t = texts[i % texts.length];
    fs.writeFileSync(path.join(big, `${String(i).padStart(3, '0')}_part.sql`), t);
    total += t.length;
  }
  const dirs = examples.map((e) => path.join(root, 'examples', e.name)).concat([big]);
  const out = execFileSync('cargo', ['run', '--release', '-q', '-p', 'tenant-planner-native', '--bin', 'tenant-planner', '--', 'link-stats', ...dirs], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  console.log('\nShare links (target: link ≤ 30 % of the SQL; encode + decode of 200 KB < 50 ms):');
  for (const line of out.trim().split('\n')) {
    const s = JSON.parse(line);
    const name = s.dir === big ? `${(s.sql_bytes / 1024).toFixed(0)} KB of SQL (examples repeated)` : path.basename(s.dir);
    if (s.error) { console.log(`  ${name}: ${s.error}`); continue; }
    console.log(`  ${name.padEnd(34)} ${(s.sql_bytes / 1024).toFixed(1).padStart(7)} KB SQL → ${(s.link_chars / 1024).toFixed(1).padStart(6)} KB link (${((s.link_chars / s.sql_bytes) * 100).toFixed(0)} %), encode ${s.encode_ms} ms + decode ${s.decode_ms} ms`);
  }
  fs.rmSync(big, { recursive: true, force: true });
}

// A deterministic multi-tenant schema: 5 tenant roots, tables with organization_id, chains, lookups.
function generatedSchema(n, fks) {
  let seed = 42;
  const rnd = (k) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
  const sql = [];
  const roots = 5;
  for (let i = 0; i < roots; i++) sql.push(`create table org_${i} (id bigint primary key, name text not null);`);
  let edges = 0;
  for (let i = roots; i < n; i++) {
    const cols = ['id bigint primary key', 'name text', 'created_at timestamptz default now()'];
    const refs = [];
    if (i % 7 !== 0) { refs.push(`organization_id bigint not null references org_${rnd(roots)}(id)`); edges++; }
    const extra = Math.min(3, Math.max(0, Math.round((fks - edges) / (n - i)) + (rnd(3) - 1)));
    for (let k = 0; k < extra && i > roots + 1; k++) { refs.push(`ref_${k}_id bigint references t_${roots + rnd(i - roots)}(id)`); edges++; }
    sql.push(`create table t_${i} (${cols.concat(refs).join(', ')});`);
  }
  return sql.join('\n') + '\n';
}
