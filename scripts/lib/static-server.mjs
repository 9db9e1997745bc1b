// A small static file server for dist/ (correct MIME types for .wasm and module workers).
// Used by the browser tests, scripts/report and scripts/bench; `node static-server.mjs DIR PORT`
// runs it standalone.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.data': 'application/octet-stream',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

export function serve(root, port = 0, host = '127.0.0.1') {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(path.resolve(root))) { res.writeHead(403); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404); return res.end('not found'); }
    // A repeat visit revalidates instead of downloading again (304 on a matching ETag), which
    // also lets Chromium reuse the wasm it compiled last time (its code cache keys on the HTTP
    // cache entry). Trunk's hashed file names never change content: cached for good.
    const st = fs.statSync(file);
    const etag = `"${st.size.toString(16)}-${Math.round(st.mtimeMs).toString(16)}"`;
    const hashed = /-[0-9a-f]{15,16}(_bg)?\.(js|wasm|css)$/.test(file);
    const caching = { etag, 'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache' };
    if (req.headers['if-none-match'] === etag) { res.writeHead(304, caching); return res.end(); }
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'content-length': body.length, ...caching });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}/` })));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [root = 'dist', port = '8080'] = process.argv.slice(2);
  serve(path.resolve(root), Number(port)).then(({ url }) => console.log(`serving ${root} at ${url}`));
}
