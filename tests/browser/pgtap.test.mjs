// pgTAP in the browser: a Supabase CLI folder of our own whose test file is pgTAP, with no
// `create extension pgtap` (the CLI's `supabase test db` creates it). The app's PGlite does not
// ship pgTAP: Tenant Planner's own implementation runs it, and the Validation tab shows each
// ok / not ok row. Expected outcome written before the first run (see the test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, finishedRun, ARTIFACTS, ROOT } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

const FILE = 'pgtap-supabase/supabase/tests/database/projects.test.sql';

// Expected: no failed statement (a failing assertion is a result, not an error); pgTAP created in
// schema extensions before the test file; rows 1–4 ok (throws_ok catches the RLS violation 42501
// in PGlite), 5 and 6 not ok with their diagnostics (died: 22012 …; have 1 / want 2); finish()
// says "# Looks like you failed 2 tests of 6"; validation 4 passed, 2 failed, plan 6 ran 6; the
// Validation tab shows the same, and the Profile tab lists pgtap as implemented (schema extensions).
test('a Supabase pgTAP test runs on our pgTAP and the Validation tab reads its rows', async () => {
  const page = await app.page();
  await page.setInputFiles('[data-testid=dir-input]', path.join(ROOT, 'tests/fixtures/pgtap-supabase'));
  const r = await finishedRun(page);
  assert.equal(r.statements.failed, 0, JSON.stringify(r.errors));
  const v = r.validation[FILE];
  assert.ok(v, Object.keys(r.validation).join(', '));
  assert.deepEqual(v.checks.map((c) => [c.passed, c.name]), [
    [true, 'projects exists'],
    [true, 'only the members policy'],
    [true, 'Ada sees the one Acme project'],
    [true, 'Ada cannot write into Globex'],
    [false, 'a deliberate failure: the statement raises'],
    [false, 'a deliberate failure: Ada sees two'],
  ]);
  assert.equal(v.checks[4].diagnostics[1], '        died: 22012: division by zero');
  assert.deepEqual(v.checks[5].diagnostics.slice(1), ['        have: 1', '        want: 2']);
  assert.deepEqual([v.passed, v.failed], [4, 2]);
  assert.deepEqual([v.tap.planned, v.tap.ran, v.tap.summary], [6, 6, ['# Looks like you failed 2 tests of 6']]);
  assert.deepEqual(r.platform.implemented.map((s) => [s.extension, s.schema]), [['pgtap', 'extensions']]);
  assert.ok(!(r.platform.stand_ins || []).some((s) => s.extension === 'pgtap'));

  await page.click('[data-testid=tab-validation]');
  const file = page.locator(`[data-testid=validation-file][data-file="${FILE}"]`);
  assert.equal(await file.getAttribute('data-passed'), '4');
  assert.equal(await file.getAttribute('data-failed'), '2');
  assert.equal(await file.locator('[data-testid=tap-summary]').textContent(), 'pgTAP: planned 6, ran 6 — # Looks like you failed 2 tests of 6');
  assert.equal(await file.locator('[data-testid=check].fail').count(), 2);
  assert.match(await file.locator('[data-testid=check-diagnostics]').first().textContent(), /died: 22012: division by zero/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'pgtap-validation.png') });

  await page.click('[data-testid=tab-shim]');
  assert.match(await page.locator('[data-testid=platform-implemented] li[data-ext=pgtap]').textContent(), /→ schema extensions: \d+ functions/);
  assert.match(await page.locator('[data-testid=shim-pgtap]').textContent(), /^pgTAP \(every profile, no option needed\)/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'pgtap-profile.png') });
  await page.context().close();
});
