// The page side of the database bridge, used from Rust through wasm-bindgen. Each database is a
// fresh PGlite in its own module Worker (static/db-worker.js). One spare database is kept warm
// so Run starts at once; cancelling terminates the worker, which really stops a runaway statement.

// The PGlite contrib modules a database opens with when nobody said (static/db-worker.js): the
// Supabase defaults. The early database of index.html has exactly these.
const DEFAULT_EXTENSIONS = ['pg_stat_statements', 'pgcrypto', 'uuid_ossp'];

class Db {
  // `extensions`: the contrib modules this database loads (CREATE EXTENSION works for those only).
  constructor(extensions = DEFAULT_EXTENSIONS) {
    this.extensions = [...extensions].sort();
    // The first database may already be starting: index.html opens one before the app's wasm has
    // loaded (window.__tpEarlyDb, its open request sent as id 1). Adopt it and replay its replies.
    const early = window.__tpEarlyDb;
    window.__tpEarlyDb = null;
    const adopt = early && covers(DEFAULT_EXTENSIONS, this.extensions);
    if (early && !adopt) early.worker.terminate();
    if (adopt) this.extensions = [...DEFAULT_EXTENSIONS].sort();
    this.worker = adopt ? early.worker : new Worker(new URL('db-worker.js', document.baseURI), { type: 'module' });
    this.pending = new Map();
    this.nextId = 1;
    this.dead = null;
    this.worker.onmessage = (ev) => {
      const { id, ok, value, error } = ev.data;
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      ok ? p.resolve(value) : p.reject(new Error(error));
    };
    this.worker.onerror = (ev) => this.fail('the database worker failed: ' + (ev.message || 'unknown error'));
    if (adopt) {
      this.nextId = 2;
      this.opened = new Promise((resolve, reject) => this.pending.set(1, { resolve, reject }));
      for (const ev of early.messages) this.worker.onmessage(ev);
      if (early.error) this.fail('the database worker failed: ' + early.error);
    } else {
      this.opened = sharedArtifacts().then((a) => this.call({ op: 'open', extensions: this.extensions, ...a }));
    }
    // For scripts/bench: when the page first had a database answering queries.
    this.opened.then(() => {
      if (!window.__tpFirstQueryMs) window.__tpFirstQueryMs = performance.now();
      window.__tpDbsOpened = (window.__tpDbsOpened || 0) + 1;
    }, () => {});
  }
  call(msg) {
    if (this.dead) return Promise.reject(new Error(this.dead));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...msg });
    });
  }
  fail(reason) {
    if (!this.dead) this.dead = reason;
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
  }
}

let spare = null;

// The compiled PGlite modules and the bundles every database of the page shares
// (static/pglite-artifacts.js); {} if they cannot be had (each worker then loads its own).
function sharedArtifacts() {
  return import(new URL('pglite-artifacts.js', document.baseURI).href)
    .then((m) => m.pgliteArtifacts())
    .catch(() => ({}));
}

function covers(have, need) {
  return need.every((n) => have.includes(n));
}

// The spare is replaced only when asked (after a run): starting a database next to a running one
// would take CPU from it. A spare without an extension the run needs is dropped for a new one.
function takeDb(needed) {
  let db = spare && covers(spare.extensions, needed) ? spare : null;
  if (spare && !db) spare.fail('replaced: it lacks an extension the project needs');
  spare = null;
  return db || new Db(needed.length ? needed : DEFAULT_EXTENSIONS);
}

// `neededJson`: the contrib modules the next run is expected to need (the last run's).
export function prewarm(neededJson) {
  const needed = neededJson ? JSON.parse(neededJson) : DEFAULT_EXTENSIONS;
  if (!spare) spare = new Db(needed.length ? needed : DEFAULT_EXTENSIONS);
}

export class DbHandle {
  // `neededJson`: a JSON array of the PGlite contrib modules the run needs.
  constructor(neededJson) {
    this.db = takeDb(neededJson ? JSON.parse(neededJson) : []);
  }
  async open() {
    const v = await this.db.opened;
    return JSON.stringify(v);
  }
  async exec(sql) {
    return JSON.stringify(await this.db.call({ op: 'exec', sql }));
  }
  async queryText(sql) {
    return JSON.stringify(await this.db.call({ op: 'query_text', sql }));
  }
  cancel() {
    this.db.fail('cancelled');
  }
  isCancelled() {
    return this.db.dead === 'cancelled';
  }
  close() {
    this.db.fail('closed');
  }
}

// ---- files -------------------------------------------------------------------------------
// Names keep the path relative to what was dropped or picked (`supabase/migrations/x.sql`, the
// folder's own name first): migration tools tell files apart by their folders (Prisma's
// `<ts>_name/migration.sql`). Hidden folders and node_modules are not read; only .sql files,
// sqitch.plan and .json files (a report to open; JSON that is no report is ignored beside SQL) are
// read into memory, other files are listed by name (the app says it ignored them).

const hidden = (name) => name.split('/').some((c) => c.startsWith('.') || c === 'node_modules');
const wanted = (name) => { const base = name.split('/').pop(); return /\.(sql|json)$/i.test(base) || base === 'sqitch.plan'; };

async function readEntry(entry, out) {
  if (entry.isFile) {
    const file = await new Promise((res, rej) => entry.file(res, rej));
    out.push({ name: entry.fullPath ? entry.fullPath.replace(/^\/+/, '') : file.name, file });
  } else if (entry.isDirectory) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') return;
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
      if (!batch.length) break;
      for (const e of batch) await readEntry(e, out);
    }
  }
}

async function toPayload(list) {
  const out = [];
  for (const { name, file } of list) {
    if (hidden(name)) continue;
    const read = wanted(name) && file.size <= 64 * 1024 * 1024;
    out.push({ name, size: file.size, bytes: read ? new Uint8Array(await file.arrayBuffer()) : null });
  }
  return out;
}

// Files dropped on the page: plain files and whole folders (read recursively).
export async function filesFromDrop(dataTransfer) {
  const list = [];
  const items = dataTransfer.items ? Array.from(dataTransfer.items) : [];
  const entries = items.map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  if (entries.length && entries.every((e) => e)) {
    for (const e of entries) await readEntry(e, list);
  } else {
    for (const f of Array.from(dataTransfer.files || [])) list.push({ name: f.name, file: f });
  }
  return toPayload(list);
}

// Files picked with an <input type=file> (files, or a whole folder with its relative paths).
export async function filesFromInput(input) {
  const list = Array.from(input.files || []).map((f) => ({ name: f.webkitRelativePath || f.name, file: f }));
  input.value = '';
  return toPayload(list);
}

export function download(name, text, mime) {
  downloadBlob(name, new Blob([text], { type: mime }));
}

// Binary downloads (the .zip bundle): the bytes are copied out of wasm memory first.
export function downloadBytes(name, bytes, mime) {
  downloadBlob(name, new Blob([bytes.slice()], { type: mime }));
}

function downloadBlob(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The address bar's link: the fragment replaced in place (no new history entry, no reload, no
// hashchange), "" to drop it.
export function replaceHash(fragment) {
  const url = location.pathname + location.search + (fragment ? '#' + fragment : '');
  history.replaceState(history.state, '', url);
}

export function nowMs() {
  return performance.now();
}

export function copyText(text) {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).catch(() => fallbackCopy(text));
  } else {
    fallbackCopy(text);
  }
}

function fallbackCopy(text) {
  const ta = document.createElement('textarea');
  ta.value = text;
  document.body.appendChild(ta);
  ta.select();
  try { document.execCommand('copy'); } catch (_) { /* nothing more to try */ }
  ta.remove();
}

// Rasterise an SVG (the ERD) to a PNG download, at 2x for sharpness (capped for huge diagrams).
export function svgToPng(svgText, width, height, name) {
  const scale = Math.min(2, 16000 / Math.max(width, height, 1));
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  img.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    URL.revokeObjectURL(url);
    canvas.toBlob((blob) => {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
    }, 'image/png');
  };
  img.src = url;
}

// Saved projects, in IndexedDB (no 5 MB localStorage cap). One object store keyed by project id,
// each value the JSON text of a saved project. Every call resolves; failures reject with a reason.
const IDB_NAME = 'tenant-planner';
const IDB_STORE = 'projects';
let idbPromise = null;
function idb() {
  if (!idbPromise) {
    idbPromise = new Promise((resolve, reject) => {
      if (!self.indexedDB) return reject(new Error('IndexedDB is not available in this browser'));
      const req = indexedDB.open(IDB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(IDB_STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error || new Error('IndexedDB did not open'));
    });
    idbPromise.catch(() => { idbPromise = null; });
  }
  return idbPromise;
}
function idbRequest(mode, f) {
  return idb().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(IDB_STORE, mode);
    const req = f(tx.objectStore(IDB_STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error || new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error || new Error('IndexedDB transaction aborted (storage full?)'));
  }));
}
export function idbPut(key, text) { return idbRequest('readwrite', (s) => s.put(text, key)).then(() => undefined); }
export function idbGet(key) { return idbRequest('readonly', (s) => s.get(key)).then((v) => (v === undefined ? null : v)); }
export function idbAll() { return idbRequest('readonly', (s) => s.getAll()); }
export function idbDelete(key) { return idbRequest('readwrite', (s) => s.delete(key)).then(() => undefined); }
