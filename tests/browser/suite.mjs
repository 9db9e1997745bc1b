// Every browser test file in one Node process, so they share one static server and one Chromium
// (helpers.mjs): `node --test tests/browser/suite.mjs`, as scripts/test runs it. A file still runs
// alone with `node --test tests/browser/NAME.test.mjs`. TP_BROWSER_ONLY=erd,leaks runs those files.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = (process.env.TP_BROWSER_ONLY || '').split(',').filter(Boolean);
const files = fs.readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort()
  .filter((f) => !only.length || only.includes(f.replace(/\.test\.mjs$/, '')));
for (const f of files) await import(pathToFileURL(path.join(here, f)).href);
