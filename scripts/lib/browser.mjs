// Launching Debian's Chromium headless through playwright-core (never a downloaded browser),
// with the flags this machine's closed network needs.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Wait until the app has finished a run (data-run-state="done" or "error") and return the state.
export async function waitForRun(page, timeout = 120000) {
  await page.waitForFunction(() => {
    const app = document.querySelector('[data-testid=app]');
    return app && ['done', 'error'].includes(app.dataset.runState);
  }, null, { timeout, polling: 100 });
  return page.getAttribute('[data-testid=app]', 'data-run-state');
}

export async function reportJson(page) {
  const text = await page.textContent('[data-testid=report-json]');
  return JSON.parse(text);
}
