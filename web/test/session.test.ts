/**
 * The web app's session in a real Chromium: the access token is refreshed before it expires (the
 * refresh token rotating each time), the app keeps working on the new one, and signing out
 * revokes the refresh token on the server.
 */
import { startWebServer, type WebServer } from '../../scripts/web-app.js';
import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { signUp } from '../../test/support/users.js';
import { launchBrowser, offlineContext } from './support/browser.js';
import { signInThroughForm } from './support/web-stack.js';
import { waitUntil } from './support/wait.js';
import type { Browser, Page } from 'playwright-core';

let stack: TestStack;
let web: WebServer;
let browser: Browser;

beforeAll(async () => {
  // Tokens live 63 s; the app refreshes a minute before expiry, so about every 3 s here.
  stack = await startTestStack({ env: { ACCESS_TOKEN_TTL_SECONDS: '63' } });
  web = await startWebServer({ port: 0, host: '127.0.0.1', graphqlUrl: stack.routerUrl });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

const storedSession = async (page: Page): Promise<{ accessToken: string; refreshToken: string } | null> =>
  // Runs in the page, where localStorage exists (this file is typed for Node).
  page.evaluate(() => JSON.parse((globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('marquee.session') ?? 'null') as { accessToken: string; refreshToken: string } | null);

const refresh = (refreshToken: string) =>
  stack.graphql<{ refreshToken: { accessToken: string } }>('mutation Refresh($t: String!) { refreshToken(refreshToken: $t) { accessToken } }', { t: refreshToken });

it('refreshes the access token before it expires, rotating the refresh token, and sign out revokes it', async () => {
  const user = await signUp(stack, 'USER', 'Rita Refresh');
  const { context } = await offlineContext(browser);
  const page = await context.newPage();
  await signInThroughForm(page, web.url, user.email, user.password);
  const first = (await storedSession(page))!;
  expect(first.refreshToken).toBeTruthy();

  // Without any click, the app trades its refresh token for a new pair before the access token expires.
  await waitUntil('the app has refreshed its tokens', async () => (await storedSession(page))?.refreshToken !== first.refreshToken);
  const second = (await storedSession(page))!;
  expect(second.accessToken).not.toBe(first.accessToken);

  // The app keeps working as that user on the new token.
  await page.goto(`${web.url}/bookings`);
  await page.getByText('No bookings yet.').waitFor();
  expect(await page.getByTestId('signed-in-as').innerText()).toBe('Rita Refresh');

  // Sign out: the session is gone from the browser and its refresh token no longer works.
  const beforeSignOut = (await storedSession(page))!;
  // The page forgets the session at once; the server hears of it when the Logout mutation lands.
  const loggedOut = page.waitForResponse((response) => (response.request().postData() ?? '').includes('mutation Logout'));
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  expect(await storedSession(page)).toBeNull();
  expect((await loggedOut).ok()).toBe(true);
  const refused = await refresh(beforeSignOut.refreshToken);
  expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  await context.close();
}, 120_000);

it('stays signed out when sign-out meets a token refresh in flight', async () => {
  const user = await signUp(stack, 'USER', 'Sam Slow');
  const { context } = await offlineContext(browser);
  const page = await context.newPage();
  await signInThroughForm(page, web.url, user.email, user.password);
  // The app's next refresh (due within seconds) reaches the server, but its answer is held until
  // the user has clicked Sign out.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let refreshStarted!: () => void;
  const started = new Promise<void>((resolve) => (refreshStarted = resolve));
  await page.route(stack.routerUrl, async (route) => {
    if (!(route.request().postData() ?? '').includes('mutation Refresh')) return route.continue();
    const response = await route.fetch();
    refreshStarted();
    await held;
    return route.fulfill({ response });
  });
  await started;
  const refreshAnswered = page.waitForResponse((response) => (response.request().postData() ?? '').includes('mutation Refresh'));
  await page.getByRole('button', { name: 'Sign out' }).click();
  release();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  // The refresh answered with a new pair after the click: it must not bring the session back.
  await refreshAnswered;
  await page.waitForTimeout(500);
  expect(await storedSession(page)).toBeNull();
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  expect(await storedSession(page)).toBeNull();
  await context.close();
}, 120_000);

it('sends a signed-out visitor of a private page to sign in, and back there after', async () => {
  const user = await signUp(stack);
  const { context } = await offlineContext(browser, { viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${web.url}/orders`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My orders' }).waitFor();
  await page.getByText('No orders yet.').waitFor();
  await context.close();
}, 60_000);
