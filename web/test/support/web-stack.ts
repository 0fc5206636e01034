import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWebServer, type WebServer } from '../../../scripts/web-app.js';
import { startTestStack, type TestStack } from '../../../test/support/stack.js';
import { launchBrowser, offlineContext } from './browser.js';

export interface WebTestStack {
  stack: TestStack;
  web: WebServer;
  browser: Browser;
  /** A fresh browser profile (cookies, storage) that cannot reach outside this machine. */
  newUser(options?: { phone?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
  stop(): Promise<void>;
}

/** The real supergraph (demo data included), the built web app (jest's global setup builds it) pointed at it, and a Chromium. */
export async function startWebTestStack(): Promise<WebTestStack> {
  const stack = await startTestStack({ seed: true });
  const web = await startWebServer({ port: 0, host: '127.0.0.1', graphqlUrl: stack.routerUrl });
  const browser = await launchBrowser();
  return {
    stack,
    web,
    browser,
    async newUser(options = {}) {
      const { context } = await offlineContext(browser, options.phone ? { viewport: { width: 390, height: 844 } } : {});
      return { context, page: await context.newPage() };
    },
    async stop() {
      await browser.close();
      await web.close();
      await stack.stop();
    },
  };
}

/** Signs in through the sign-in form and waits until the app shows who is signed in. */
export async function signInThroughForm(page: Page, webUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${webUrl}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').first().waitFor({ state: 'attached' });
}
