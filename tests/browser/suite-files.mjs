// The browser test files, and how scripts/test splits them between two Node processes that run
// side by side (`node --test --test-concurrency=2 shard-a.mjs shard-b.mjs`): each process has its
// own static server and Chromium (helpers.mjs), so on two cores the two halves take about the time
// of the longer one. Shard A holds the files that read the bundled examples' shared runs
// (exampleRun), so each example runs in one process only, plus enough others to even the halves;
// every other file, a new one included, goes to shard B.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const SHARD_A = [
  'app', 'changes', 'erd', 'tenancy', 'cli-agreement', 'leaks', 'advisor', 'compare', 'platform',
];

// Imports the test files whose names `pick` accepts, in name order; TP_BROWSER_ONLY=erd,leaks
// narrows them further.
export async function importTests(pick = () => true) {
  const only = (process.env.TP_BROWSER_ONLY || '').split(',').filter(Boolean);
  const names = fs.readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort()
    .map((f) => f.replace(/\.test\.mjs$/, ''))
    .filter((n) => pick(n) && (!only.length || only.includes(n)));
  for (const n of names) await import(pathToFileURL(path.join(here, `${n}.test.mjs`)).href);
}
