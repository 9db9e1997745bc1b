// One fresh PGlite database per worker. The page talks to it with {id, op, sql} messages and
// gets {id, ok, value} or {id, ok: false, error} back. Terminating the worker is how a runaway
// statement is cancelled: nothing else can interrupt a statement running inside wasm.
import { PGlite } from './pglite/index.js';

let db = null;

// The extensions PGlite ships (@electric-sql/pglite/contrib/*, copied to pglite/contrib by setup)
// are loadable with CREATE EXTENSION only if their bundle was passed when the database was
// created. All of them cost a fresh database about a second more to open in Chromium (pgcrypto
// most; scripts/bench measures it), so `open` takes the modules the project needs
// (tenant_planner_core::extensions::pglite_modules); without a list, the Supabase defaults.
const CONTRIB = [
  'amcheck', 'auto_explain', 'bloom', 'btree_gin', 'btree_gist', 'citext', 'cube', 'dict_int',
  'dict_xsyn', 'earthdistance', 'file_fdw', 'fuzzystrmatch', 'hstore', 'intarray', 'isn', 'lo',
  'ltree', 'moddatetime', 'pageinspect', 'pg_buffercache', 'pg_freespacemap',
  'pg_stat_statements', 'pg_surgery', 'pg_trgm', 'pg_visibility', 'pg_walinspect', 'pgcrypto',
  'seg', 'tablefunc', 'tcn', 'tsm_system_rows', 'tsm_system_time', 'unaccent', 'uuid_ossp',
];
const DEFAULT_EXTENSIONS = ['pg_stat_statements', 'pgcrypto', 'uuid_ossp'];

async function contribExtensions(names) {
  const wanted = names.filter((n) => CONTRIB.includes(n));
  const mods = await Promise.all(wanted.map((n) => import(`./pglite/contrib/${n}.js`).catch(() => null)));
  const out = {};
  for (const m of mods) if (m) Object.assign(out, m);
  return out;
}

function errorFields(e) {
  const num = (v) => (v === undefined || v === null || v === '' ? null : Number(v));
  return {
    severity: e.severity || 'ERROR',
    sqlstate: e.code || '',
    message: e.message || String(e),
    detail: e.detail || null,
    hint: e.hint || null,
    position: num(e.position),
    internal_position: num(e.internalPosition),
    internal_query: e.internalQuery || null,
    where: e.where || null,
  };
}

function noticeFields(n) {
  return {
    severity: n.severity || 'NOTICE',
    message: n.message || '',
    code: n.code || null,
    detail: n.detail || null,
    hint: n.hint || null,
  };
}

async function handle(msg) {
  switch (msg.op) {
    case 'open': {
      const t0 = performance.now();
      // A pristine data directory made at setup (scripts/lib/make-datadir.mjs) saves initdb;
      // without it PGlite initialises a new cluster itself.
      // msg.extensions: module names, or 'all' (scripts/bench compares the cost).
      const names = msg.extensions === 'all' ? CONTRIB : msg.extensions || DEFAULT_EXTENSIONS;
      const extensionsLoading = contribExtensions(msg.noExtensions ? [] : names);
      // The page passes what every database shares, loaded once (static/pglite-artifacts.js):
      // the compiled wasm modules, the filesystem bundle and the data directory. What it did not
      // pass is loaded here.
      let loadDataDir = msg.dataDir;
      if (!loadDataDir) {
        try {
          const res = await fetch(new URL('./pglite/datadir.tar.gz', import.meta.url));
          if (res.ok) loadDataDir = await res.blob();
        } catch (_) { /* fall back to initdb */ }
      }
      const extensions = await extensionsLoading;
      const options = loadDataDir ? { loadDataDir, extensions } : { extensions };
      if (msg.pgliteWasmModule) options.pgliteWasmModule = msg.pgliteWasmModule;
      if (msg.initdbWasmModule) options.initdbWasmModule = msg.initdbWasmModule;
      if (msg.fsBundle) options.fsBundle = msg.fsBundle;
      db = await PGlite.create(options);
      const r = await db.query("select current_setting('server_version') as v");
      return { version: r.rows[0].v, open_ms: performance.now() - t0, extensions: names };
    }
    case 'exec': {
      const notices = [];
      const t0 = performance.now();
      try {
        const results = await db.exec(msg.sql, { onNotice: (n) => notices.push(noticeFields(n)) });
        let rows = null;
        for (const r of results) if (r.affectedRows !== undefined && r.affectedRows !== null) rows = r.affectedRows;
        return { notices, error: null, rows, duration_ms: performance.now() - t0 };
      } catch (e) {
        if (e && e.code) return { notices, error: errorFields(e), rows: null, duration_ms: performance.now() - t0 };
        throw e;
      }
    }
    case 'query_text': {
      try {
        const r = await db.query(msg.sql, [], { rowMode: 'array' });
        const v = r.rows.length ? r.rows[0][0] : null;
        return { ok: typeof v === 'string' ? v : JSON.stringify(v) };
      } catch (e) {
        if (e && e.code) return { error: errorFields(e) };
        throw e;
      }
    }
    case 'raw_exec': {
      // For scripts/bench: the same statements through plain PGlite exec, no bookkeeping.
      const t0 = performance.now();
      for (const sql of msg.statements) {
        try { await db.exec(sql); } catch (_) { /* same as the app: go on */ }
      }
      return { ms: performance.now() - t0 };
    }
    default:
      throw new Error('unknown op ' + msg.op);
  }
}

self.onmessage = async (ev) => {
  const msg = ev.data;
  try {
    const value = await handle(msg);
    self.postMessage({ id: msg.id, ok: true, value });
  } catch (e) {
    self.postMessage({ id: msg.id, ok: false, error: String((e && e.stack) || e) });
  }
};
