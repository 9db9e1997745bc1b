// A page object over the built app (dist/), served locally and driven in headless Chromium.
import fs from 'node:fs';
import { afterEach } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/lib/static-server.mjs';
import { launch, waitForRun, reportJson } from '../../scripts/lib/browser.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'tests/browser/artifacts');

// One server and one Chromium per Node process, however many test files ask: scripts/test runs
// every file in one process (tests/browser/suite.mjs), and a file run on its own gets its own.
// Each test gets fresh contexts (their own storage) from `page()`, closed when the test ends.
let shared = null;
let users = 0;
let closing = null;
// The bundled examples' runs, shared by the tests that only read them (exampleRun).
const examples = new Map();
const kept = new Set();

afterEach(async () => {
  if (!shared) return;
  const { browser } = await shared;
  await Promise.all(browser.contexts().filter((c) => !kept.has(c)).map((c) => c.close().catch(() => {})));
});

// A bundled example loaded through the file input and run, once per process: { page, report }.
// For tests that only read the result (they may switch tabs and expand rows, never change the
// project); a test that edits the project loads its own copy with app.page() and loadFiles.
export async function exampleRun(app, name) {
  if (!examples.has(name)) {
    examples.set(name, (async () => {
      const ctx = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
      kept.add(ctx);
      const page = await app.page('?blank', ctx);
      await loadFiles(page, sqlFiles(path.join(ROOT, 'examples', name)));
      const report = await finishedRun(page);
      return { page, report };
    })());
  }
  return examples.get(name);
}

export async function startApp() {
  if (closing) { clearTimeout(closing); closing = null; }
  if (!shared) {
    shared = (async () => {
      const { server, url } = await serve(path.join(ROOT, 'dist'));
      const browser = await launch();
      return { server, url, browser };
    })();
  }
  const { server, url, browser } = await shared;
  users++;
  return {
    url,
    browser,
    async page(query = '?blank', context = null) {
      const ctx = context || (await browser.newContext({ viewport: { width: 1280, height: 800 } }));
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error('pageerror:', e.message));
      await page.goto(url + query);
      await page.waitForSelector('[data-testid=file-input]', { state: 'attached' });
      return page;
    },
    // A file's `after` runs just before the next file's `before` (suite.mjs): the browser is closed
    // a moment later unless another file asks for it by then (which cancels the close). The
    // pending timer keeps the process alive until the browser is closed.
    async close() {
      if (--users > 0) return;
      closing = setTimeout(async () => {
        closing = null;
        const s = shared;
        shared = null;
        examples.clear();
        kept.clear();
        const { browser: b, server: srv } = await s;
        await b.close();
        srv.close();
      }, 1500);
    },
  };
}

// The page's share link (Copy link), opened in a fresh browser: the copying page is closed and the
// link opens in a new context, with nothing saved, as a reviewer's browser gets it.
export async function openLinkFresh(app, page) {
  await page.click('[data-testid=share]');
  const link = await page.inputValue('[data-testid=share-link]');
  await page.context().close();
  const ctx = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fresh = await ctx.newPage();
  await fresh.goto(link);
  return { link, ctx, fresh };
}

export function sqlFiles(dir) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => path.join(dir, f));
}

export async function loadFiles(page, files) {
  await page.setInputFiles('[data-testid=file-input]', files);
}

export async function loadBuffers(page, entries) {
  await page.setInputFiles('[data-testid=file-input]', entries.map(([name, text]) => ({
    name, mimeType: 'text/plain', buffer: Buffer.isBuffer(text) ? text : Buffer.from(text),
  })));
}

// Wait for the next run to end on the current files (auto-run is on by default), and give its
// report. Each call waits for a run that finished after the previous call's.
const seen = new WeakMap();
export async function finishedRun(page, timeout = 120000) {
  const after = seen.get(page) || 0;
  await page.waitForFunction((after) => {
    const app = document.querySelector('[data-testid=app]');
    return app && Number(app.dataset.runs) > after && app.dataset.fresh === 'true'
      && ['done', 'error'].includes(app.dataset.runState);
  }, after, { timeout, polling: 100 });
  seen.set(page, Number(await page.getAttribute('[data-testid=app]', 'data-runs')));
  const state = await page.getAttribute('[data-testid=app]', 'data-run-state');
  return state === 'done' ? reportJson(page) : null;
}

// After a reload the page counts its runs from 0 again: wait for the run the reload started (a
// restored project runs by itself) and count later runs from there.
export async function afterReload(page, timeout = 120000) {
  await waitForRun(page, timeout);
  seen.set(page, Number(await page.getAttribute('[data-testid=app]', 'data-runs')));
}

export { waitForRun, reportJson };

// A .zip's files as { name: Buffer }: reads the central directory, inflates deflated entries.
import zlib from 'node:zlib';
export function readZip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = {};
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + csize);
    out[name] = method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
    p += 46 + nlen + xlen + clen;
  }
  return out;
}
