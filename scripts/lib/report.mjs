// The body of scripts/report: FOLDER's .sql files → the app's file input → the report JSON.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './static-server.mjs';
import { launch, waitForRun, reportJson } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
let folder = null, profile = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--profile') profile = args[++i];
  else if (!folder) folder = args[i];
}
const fail = (msg) => { console.error(`scripts/report: ${msg}`); process.exit(2); };
if (!folder) fail('usage: scripts/report FOLDER [--profile supabase|postgres]');
if (profile && !['supabase', 'postgres'].includes(profile)) fail(`unknown profile ${profile}`);
let files;
try {
  files = fs.readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.sql')).map((f) => path.join(folder, f));
} catch (e) { fail(`cannot read ${folder}: ${e.message}`); }
if (!files.length) fail(`${folder} holds no .sql files`);

const { server, url } = await serve(path.join(root, 'dist'));
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(url + '?blank');
  await page.waitForSelector('[data-testid=file-input]', { state: 'attached', timeout: 30000 }).catch(() => fail('the app did not start'));
  if (profile) await page.selectOption('[data-testid=profile-select]', profile);
  await page.setInputFiles('[data-testid=file-input]', files);
  const state = await waitForRun(page, 10 * 60 * 1000).catch(() => fail('the run did not finish'));
  if (state !== 'done') fail(`the app could not run: ${await page.textContent('[data-testid=run-error]')}`);
  process.stdout.write(JSON.stringify(await reportJson(page), null, 2) + '\n');
} finally {
  await browser.close();
  server.close();
}
