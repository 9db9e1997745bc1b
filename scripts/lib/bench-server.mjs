// The engine's own overhead on a real PostgreSQL server (issue 16): `tenant-planner check DIR
// --postgres URL` — the whole pipeline: a throwaway database, the shim, every statement with its
// notices, the DDL log, catalog snapshots, leak probes, rollback check and report — against plain
// `psql -f` of the same files in the same order (`tenant-planner plan DIR --format sql`) on a
// fresh database of the same throwaway cluster. Both are wall times with process start; the
// ratio is what the analysis costs on top of running the SQL.
//
// scripts/bench runs it with the release binary; alone:
//   node scripts/lib/bench-server.mjs [TENANT_PLANNER_BINARY] [EXAMPLE]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bin = process.argv[2] || path.join(root, 'target/release/tenant-planner');
const example = process.argv[3] || 'client-id-backfill';
const dir = path.join(root, 'examples', example);

// Debian's PostgreSQL 15 server and its psql (which speaks to 16 and 17 too).
const pgBin = ['/usr/lib/postgresql/15/bin', path.join(root, 'target/postgres/15/bin')].find((d) => fs.existsSync(path.join(d, 'initdb')));
const psql = ['/usr/bin/psql', '/usr/lib/postgresql/15/bin/psql'].find((p) => fs.existsSync(p));
if (!pgBin || !psql) {
  console.log('\nServer engine vs psql -f: skipped (no PostgreSQL 15 server binaries or psql: scripts/setup installs them)');
  process.exit(0);
}

const root_ = process.getuid && process.getuid() === 0;
const run = (exe, args, opts = {}) => (root_ ? execFileSync('runuser', ['-u', 'postgres', '--', exe, ...args], opts) : execFileSync(exe, args, opts));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-pg-'));
if (root_) execFileSync('chown', ['postgres:', tmp]);
const port = String(20000 + Math.floor(Math.random() * 20000));
const data = path.join(tmp, 'data');
run(path.join(pgBin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], { stdio: 'ignore' });
run(path.join(pgBin, 'pg_ctl'), ['-D', data, '-o', `-p ${port} -k ${tmp} -c listen_addresses='' -c fsync=off`, '-l', path.join(tmp, 'log'), '-w', 'start'], { stdio: 'ignore' });
const url = `host=${tmp} port=${port} user=postgres dbname=postgres`;
const conn = ['-X', '-q', '-h', tmp, '-p', port, '-U', 'postgres'];
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;

try {
  const script = path.join(tmp, 'run.sql');
  fs.writeFileSync(script, execFileSync(bin, ['plan', dir, '--format', 'sql'], { encoding: 'utf8' }));
  const engine = [], plain = [], statements = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = process.hrtime.bigint();
    const r = spawnSync(bin, ['check', dir, '--postgres', url, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    engine.push(ms(t));
    if (r.status === 2) throw new Error(`tenant-planner check --postgres failed: ${r.stderr}`);
    statements.push(JSON.parse(r.stdout).timings.statements_ms);
    const db = `bench_${i}`;
    execFileSync(psql, [...conn, '-d', 'postgres', '-c', `create database ${db} template template0`]);
    t = process.hrtime.bigint();
    execFileSync(psql, [...conn, '-d', db, '-f', script], { stdio: 'ignore' });
    plain.push(ms(t));
    execFileSync(psql, [...conn, '-d', 'postgres', '-c', `drop database ${db}`]);
  }
  const [e, p, s] = [median(engine), median(plain), median(statements)];
  console.log(`\nServer engine vs psql -f (${example} on a throwaway PostgreSQL 15 cluster, wall time incl. process start, median of ${ROUNDS}):`);
  console.log(`  tenant-planner check --postgres (whole pipeline: throwaway database, shim, DDL log, snapshots, probes, rollback check, report): ${e.toFixed(0)} ms`);
  console.log(`  psql -f of the same files in the same order (tenant-planner plan --format sql) on a fresh database: ${p.toFixed(0)} ms`);
  console.log(`  ratio engine / psql: ${(e / p).toFixed(2)}; the statements alone took ${s.toFixed(0)} ms in the engine (ratio ${(s / p).toFixed(2)})`);
  console.log(`  rounds: engine [${engine.map((x) => x.toFixed(0)).join(', ')}], psql [${plain.map((x) => x.toFixed(0)).join(', ')}]`);
} finally {
  try { run(path.join(pgBin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore' }); } catch {}
  fs.rmSync(tmp, { recursive: true, force: true });
}
