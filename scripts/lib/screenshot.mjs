// node scripts/lib/screenshot.mjs URL OUT.png [WIDTHxHEIGHT]
// Opens URL in headless Chromium, waits for the app's run to end, prints the run state and the
// headline numbers, and saves a screenshot: a quick look at what a user sees.
import { launch, waitForRun } from './browser.mjs';

const [url, out = 'screenshot.png', size = '1280x800'] = process.argv.slice(2);
const [width, height] = size.split('x').map(Number);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(url);
  const state = await waitForRun(page, 180000);
  const text = async (sel) => (await page.$(sel)) ? (await page.textContent(sel)).trim() : null;
  console.log(JSON.stringify({
    state,
    statements: await text('[data-testid=stmt-total]'),
    failed: await text('[data-testid=stmt-failed]'),
    verdict: await page.getAttribute('[data-testid=verdict]', 'data-state').catch(() => null),
  }));
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
