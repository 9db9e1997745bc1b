// The command line and the browser app say the same thing: for each bundled example, the report
// the built app gives in headless Chromium (scripts/report's own code) equals
// `tenant-planner check DIR --format json` (the native engine), except for what depends on the
// clock or the engine build (timings, engine, lint/isolation `ms`; the CLI's recorded `run`), random UUIDs, and the known
// differences of their PostgreSQL versions (KNOWN below, each with its reason).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT, startApp, exampleRun } from './helpers.mjs';

const exec = promisify(execFile);
const BIN = path.join(ROOT, 'target/debug/tenant-planner');
const MB = 1 << 20;

// Known differences between PostgreSQL 17.5 (native, pglite-oxide 0.5.1) and 18.6 (browser,
// PGlite), each with its reason: applied to both reports (key, value) before comparing. Keep this
// short: anything else that differs is a real disagreement.
const KNOWN = [
  {
    why: 'PostgreSQL 18 reports a RESTRICT foreign-key violation as 23001 restrict_violation, 17 as 23503 foreign_key_violation (commit 086c84b23)',
    fix: (key, v) => (key === 'sqlstate' && v === '23001' ? '23503' : v),
  },
  {
    why: 'the same RESTRICT violation in a probe\'s error text (message and code)',
    fix: (key, v) => (key === 'error' && typeof v === 'string'
      ? v.replace('violates RESTRICT setting of foreign key constraint', 'violates foreign key constraint').replace('(23001)', '(23503)')
      : v),
  },
];

// Extensions only the browser's PGlite ships (pglite-oxide lacks them: tenant_planner_native's
// BROWSER_ONLY_EXTENSIONS): the platform lists what each engine could load, so these entries differ
// by engine build, not by what the project did.
const BROWSER_ONLY = ['pgcrypto', 'uuid-ossp', 'pg_stat_statements', 'moddatetime', 'autoinc', 'insert_username', 'refint'];
function withoutEngineExtensions(report) {
  const p = report.platform;
  if (!p) return report;
  const platform = { ...p, available_extensions: (p.available_extensions || []).filter((e) => !BROWSER_ONLY.includes(e)) };
  const unavailable = (p.unavailable || []).filter((u) => !BROWSER_ONLY.includes(u.extension));
  if (unavailable.length) platform.unavailable = unavailable; else delete platform.unavailable;
  return { ...report, platform };
}

// Random UUIDs a seed makes with gen_random_uuid() differ between any two runs (they show in the
// isolation fixtures and reproductions).
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

// scripts/test's cargo tests leave the command line's JSON of each example in TP_NATIVE_REPORTS
// (crates/native/tests/all/cli.rs, the binary's own stdout); run alone, this file runs the binary.
const NATIVE = process.env.TP_NATIVE_REPORTS;

before(async () => {
  if (NATIVE) return;
  // Up to date with the sources (a no-op when `cargo test` built it already).
  await exec('cargo', ['build', '-q', '-p', 'tenant-planner-native', '--bin', 'tenant-planner'], { cwd: ROOT, maxBuffer: 64 * MB });
}, { timeout: 60 * 60 * 1000 });

let app;
before(async () => { app = await startApp(); });
after(async () => { await app.close(); });

// The app's report: the example's files into the file input of a fresh page, as scripts/report
// does (the first example goes through scripts/report itself, so the measuring tool stays tested).
async function appReport(dir, viaScript) {
  if (viaScript) {
    const { stdout } = await exec(process.execPath, [path.join(ROOT, 'scripts/lib/report.mjs'), dir], { cwd: ROOT, maxBuffer: 256 * MB });
    return JSON.parse(stdout);
  }
  const { report } = await exampleRun(app, path.basename(dir));
  assert.ok(report, `${dir}: the app could not run`);
  return report;
}

async function cliReport(dir) {
  if (NATIVE) {
    const file = path.join(NATIVE, `${path.basename(dir)}.json`);
    assert.ok(fs.existsSync(file), `${file}: the cargo tests did not leave ${dir}'s report (TP_NATIVE_REPORTS)`);
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  }
  try {
    const { stdout } = await exec(BIN, ['check', dir, '--format', 'json'], { cwd: ROOT, maxBuffer: 256 * MB });
    return JSON.parse(stdout);
  } catch (e) {
    // Exit 1: it ran and something failed (--fail-on error); the report is still on stdout.
    if (e.code === 1) return JSON.parse(e.stdout);
    throw e;
  }
}

// Without what depends on the clock or the engine build, with the known differences applied.
function normalize(v, key = '', top = true) {
  if (Array.isArray(v)) return v.map((x) => normalize(x, key, false));
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      // `run`: the command line records its raw run (clock readings, every snapshot) so the app
      // can open its report; what the run found is compared through the rest of the report.
      if (top && (k === 'timings' || k === 'engine' || k === 'run')) continue;
      if (k === 'ms' || k.endsWith('_ms')) continue;
      out[k] = normalize(x, k, false);
    }
    return out;
  }
  const masked = typeof v === 'string' ? v.replace(UUID, '<uuid>') : v;
  return KNOWN.reduce((x, { fix }) => fix(key, x), masked);
}

// Every path where the two differ, as `path: app … | cli …`.
function differences(app, cli, p = '') {
  const show = (x) => (x === undefined ? 'absent' : JSON.stringify(x)?.slice(0, 300));
  if (Array.isArray(app) && Array.isArray(cli)) {
    if (app.length !== cli.length) return [`${p.slice(1)}: app has ${app.length} items, cli ${cli.length} — app ${show(app)} | cli ${show(cli)}`];
    return app.flatMap((x, i) => differences(x, cli[i], `${p}.${i}`));
  }
  if (app && cli && typeof app === 'object' && typeof cli === 'object' && !Array.isArray(app) && !Array.isArray(cli)) {
    const keys = [...new Set([...Object.keys(app), ...Object.keys(cli)])].sort();
    return keys.flatMap((k) => differences(app[k], cli[k], `${p}.${k}`));
  }
  return JSON.stringify(app) === JSON.stringify(cli) ? [] : [`${p.slice(1)}: app ${show(app)} | cli ${show(cli)}`];
}

const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'expected.json'))).sort();

for (const ex of examples) {
  test(`example ${ex}: the app's report and the command line's agree`, { timeout: 15 * 60 * 1000 }, async () => {
    const dir = `examples/${ex}`;
    const [app, cli] = [await appReport(dir, ex === examples[0]), await cliReport(dir)];
    assert.equal(app.engine.name, 'pglite (browser)');
    assert.equal(cli.engine.name, 'pglite-oxide (native)');
    const diffs = differences(normalize(withoutEngineExtensions(app)), normalize(withoutEngineExtensions(cli)));
    assert.deepEqual(diffs, [], `${dir}: the app and the command line disagree:\n${diffs.join('\n')}`);
  });
}
