/** Debian's Chromium, headless, driven by playwright-core (no browser download needed). */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from './env';

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors, kept for the failure report. */
  consoleLog: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<BrowserSession> {
  // playwright gives every launch a fresh temporary profile (a --user-data-dir of our own is refused
  // by launch()): nothing carries over between scenarios.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox', // root in CI containers
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const consoleLog: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleLog.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleLog.push(`pageerror: ${error.message}`));
  return {
    browser,
    context,
    page,
    consoleLog,
    close: async () => {
      await browser.close().catch(() => undefined);
    },
  };
}
