/**
 * The GraphQL IDE in a real Chromium with the internet cut off: the router serves every byte of
 * GraphiQL itself, and a user runs a query, signs in and receives a subscription event.
 */
import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { collectPageErrors, launchBrowser, offlineContext } from './support/browser.js';
import { waitUntil } from './support/wait.js';
import type { Browser, Page } from 'playwright-core';

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({ env: { LANDING_PAGE: 'true' }, seed: true });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Replaces the text of a Monaco editor as a user would: select all, type. */
async function replaceEditorText(page: Page, editor: string, text: string): Promise<void> {
  await page.locator(editor).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText is one input event, like a paste: no auto-closed brackets or quotes.
  await page.keyboard.insertText(text);
}

/** Opens a tab and waits until its operation is in the editor (execute would otherwise run the old one). */
async function openTab(page: Page, name: string, operation: string): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(name) }).click();
  await page.getByRole('tab', { name: new RegExp(name), selected: true }).waitFor();
  await page.locator('.graphiql-query-editor', { hasText: operation }).waitFor();
}

/** Waits until the result pane shows `text`; a failure says what it showed instead. */
async function resultShows(page: Page, text: string): Promise<void> {
  try {
    await page.locator('.result-window', { hasText: text }).waitFor({ timeout: 30_000 });
  } catch (error) {
    const shown = await page.locator('.result-window').innerText().catch(() => '(no result pane)');
    throw new Error(`the result pane does not show ${text}; it shows: ${shown}`, { cause: error });
  }
}

it('serves GraphiQL with nothing from outside: query, sign in, subscription', async () => {
  const { context, outsideRequests } = await offlineContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const requestedUrls: string[] = [];
  page.on('request', (request) => requestedUrls.push(request.url()));

  await page.goto(stack.routerUrl);
  await page.locator('.graphiql-execute-button').waitFor();
  // The example tabs open with the sign-in mutation first.
  await page.getByRole('tab', { name: /SignIn/, selected: true }).waitFor();
  await page.locator('.graphiql-query-editor', { hasText: 'mutation SignIn' }).waitFor();

  // The first tab signs in as the demo user.
  const loginResponse = page.waitForResponse((response) => response.url() === stack.routerUrl && response.request().method() === 'POST' && (response.request().postData() ?? '').includes('login'));
  await page.locator('.graphiql-execute-button').click();
  const login = (await (await loginResponse).json()) as { data: { login: { accessToken: string; user: { id: string } } } };
  const { accessToken } = login.data.login;
  expect(accessToken).toMatch(/^ey/);
  await resultShows(page, 'accessToken');

  // The second tab runs a query anonymously.
  await openTab(page, 'Showings', 'query Showings');
  await page.locator('.graphiql-execute-button').click();
  await resultShows(page, '"showings"');
  await resultShows(page, 'totalCount');

  // The third tab subscribes with the token in the Headers tab (sent as connectionParams).
  await openTab(page, 'MyOrders', 'subscription MyOrders');
  await page.locator('button[data-name="headers"]').click();
  await replaceEditorText(page, '.monaco-editor[data-uri$="headers.json"]', `{"Authorization": "Bearer ${accessToken}"}`);
  await page.locator('.graphiql-execute-button').click();
  await waitUntil('the IDE has opened a WebSocket', () => stack.router.subscriptions.connections() > 0);

  // An order of that user, placed elsewhere, arrives in the result pane.
  const restaurants = await stack.graphql<{ restaurants: { edges: { node: { id: string; menu: { id: string; available: boolean }[] } }[] } }>(
    '{ restaurants(first: 1) { edges { node { id menu { id available } } } } }',
  );
  const restaurant = restaurants.body.data!.restaurants.edges[0]!.node;
  const item = restaurant.menu.find((menuItem) => menuItem.available)!;
  // The subscription may still be starting on the server: place orders until one shows up.
  await waitUntil(
    'an order placed by that user shows up in the subscription result',
    async () => {
      const placed = await stack.graphql<{ placeOrder: { id: string } }>(
        'mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
        { input: { restaurantId: restaurant.id, items: [{ menuItemId: item.id, quantity: 1 }] } },
        accessToken,
      );
      const id = placed.body.data!.placeOrder.id;
      return page.locator('.result-window', { hasText: id }).waitFor({ timeout: 2_000 }).then(() => true, () => false);
    },
    30_000,
  );
  await resultShows(page, 'PENDING');
  // UPDATE_SCREENSHOTS=1 refreshes the README's picture of the IDE.
  if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshots/ide.png' });

  expect(requestedUrls.some((url) => url.includes('/graphql/ide/'))).toBe(true);
  expect(outsideRequests).toEqual([]);
  expect(errors.filter((error) => !/ResizeObserver/.test(error))).toEqual([]);
  await context.close();
}, 120_000);

it('answers GET /graphql with the IDE only to browsers; API clients still get GraphQL', async () => {
  const page = await fetch(stack.routerUrl, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  const html = await page.text();
  expect(html).toContain('/graphql/ide/assets/');
  expect(html).not.toMatch(/https?:\/\//);
  const api = await fetch(`${stack.routerUrl}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
  expect(await api.json()).toEqual({ data: { __typename: 'Query' } });
});

it('serves no IDE when it is turned off (LANDING_PAGE=false)', async () => {
  const off = await startTestStack({ env: { LANDING_PAGE: 'false' } });
  try {
    const response = await fetch(off.routerUrl, { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toContain('/graphql/ide/');
  } finally {
    await off.stop();
  }
});
