import { existsSync } from 'node:fs';
import playwright, { type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a quiet, offline-friendly headless Chromium; Playwright adds a fresh user-data-dir per launch. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  return playwright.chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

const isLocal = (url: string): boolean => {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
};

export interface OfflineContext {
  context: BrowserContext;
  /** Every request to somewhere other than this machine that a page tried (and was refused). */
  outsideRequests: string[];
}

/**
 * A browser context in which any request leaving the machine fails (and is recorded), WebSockets
 * included, as on a machine without internet.
 */
export async function offlineContext(browser: Browser, options: { viewport?: { width: number; height: number } } = {}): Promise<OfflineContext> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const outsideRequests: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    outsideRequests.push(url);
    return route.abort('internetdisconnected');
  });
  await context.routeWebSocket(/.*/, (ws) => {
    if (isLocal(ws.url())) {
      ws.connectToServer();
      return;
    }
    outsideRequests.push(ws.url());
    void ws.close({ code: 1008, reason: 'outside the machine' });
  });
  return { context, outsideRequests };
}

/** Console errors and uncaught exceptions of a page, for a failing test's message. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}
