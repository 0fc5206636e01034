import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, startEmbeddedPostgres, type DatabaseServer } from '@marquee/platform';
import { errorCodes, startTestStack, type GraphQLResponse, type TestStack } from '../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../test/support/users.js';
import { createTestMenu, PLACE_ORDER, type TestMenu } from '../../test/support/food.js';

/**
 * PostgreSQL goes away and comes back: the supergraph runs on a PostgreSQL of this test's own
 * (embedded binaries, a free port, a temporary directory), which the test stops and starts
 * again. The machine's PostgreSQL is never touched.
 */
const ORDER_LIMIT = 2;
let dataDir: string;
let port: number;
let database: DatabaseServer;
let databaseRunning = false;
let stack: TestStack;
let user: SignedIn;
let menu: TestMenu;
const logger = createLogger('silent');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return free;
}

async function startDatabase(): Promise<DatabaseServer> {
  const started = await startEmbeddedPostgres(path.join(dataDir, 'postgres'), port, logger);
  databaseRunning = true;
  return started;
}

async function stopDatabase(): Promise<void> {
  await database.stop();
  databaseRunning = false;
}
const routerBase = () => stack.routerUrl.replace('/graphql', '');

async function post(query: string, variables: Record<string, unknown>, token?: string): Promise<GraphQLResponse & { retryAfter: string | null }> {
  const response = await fetch(stack.routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as GraphQLResponse['body'] };
}

const orderInput = () => ({ input: { restaurantId: menu.restaurant.id, items: [{ menuItemId: menu.items[0]!.id, quantity: 1 }] } });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'marquee-outage-'));
  port = await freePort();
  database = await startDatabase();
  stack = await startTestStack({ env: { ...superAdminEnv, FOOD_ORDER_RATE_LIMIT: String(ORDER_LIMIT) }, databaseUrl: database.url });
  user = await signUp(stack);
  menu = await createTestMenu(stack, (await signUp(stack, 'ADMIN')).accessToken, 'Outage Kitchen');
}, 120_000);

afterAll(async () => {
  // A failed run may leave it stopped: the stack drops its databases on it.
  if (database && !databaseRunning) database = await startDatabase();
  await stack?.stop();
  await database?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('while PostgreSQL is down: 503 SERVICE_UNAVAILABLE, the order limit kept, readiness naming the database; then it recovers by itself', async () => {
  await stopDatabase();

  // A read: root query fields are nullable (a partial answer, HTTP 200), the field null with a
  // retryable SERVICE_UNAVAILABLE, never INTERNAL_SERVER_ERROR or the driver's words.
  const read = await post('{ movies(first: 1) { totalCount } }', {});
  expect(read.status).toBe(200);
  expect(read.body.data).toEqual({ movies: null });
  expect(errorCodes({ status: read.status, body: read.body })).toEqual(['SERVICE_UNAVAILABLE']);
  expect(JSON.stringify(read.body)).not.toMatch(/select|ECONNREFUSED|127\.0\.0\.1/i);

  // Failed orders (more than the limit) change nothing and use up nothing. Nothing at all could be
  // answered (placeOrder is non-null, data is null): HTTP 503 with Retry-After.
  for (let attempt = 0; attempt < ORDER_LIMIT + 2; attempt += 1) {
    const order = await post(PLACE_ORDER, orderInput(), user.accessToken);
    expect(order.status).toBe(503);
    expect(order.retryAfter).toMatch(/^\d+$/);
    expect(errorCodes({ status: order.status, body: order.body })).toEqual(['SERVICE_UNAVAILABLE']);
  }
  // Logins that could not be checked do not count as failed guesses either.
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const login = await post('mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { email: user.email, password: user.password } });
    expect(errorCodes({ status: login.status, body: login.body })).toEqual(['SERVICE_UNAVAILABLE']);
  }

  // Readiness names what is down: each subgraph its database, the router which subgraphs are not ready.
  const food = await fetch(stack.subgraphs.food!.url.replace('/graphql', '/ready'));
  expect(food.status).toBe(503);
  expect(((await food.json()) as { checks: Record<string, unknown> }).checks).toMatchObject({ database: false });
  const router = await fetch(`${routerBase()}/ready`);
  expect(router.status).toBe(503);
  expect(((await router.json()) as { checks: Record<string, unknown> }).checks).toMatchObject({ 'subgraph:food:database': false, 'subgraph:auth:database': false });

  database = await startDatabase();

  // Nobody restarts anything: the pools reconnect on their own.
  await pollUntil(async () => (await post('{ movies(first: 1) { totalCount } }', {})).body.errors === undefined);
  for (let attempt = 0; attempt < ORDER_LIMIT; attempt += 1) {
    const order = await post(PLACE_ORDER, orderInput(), user.accessToken);
    expect(order.body.errors).toBeUndefined();
  }
  const over = await post(PLACE_ORDER, orderInput(), user.accessToken);
  expect(errorCodes({ status: over.status, body: over.body })).toEqual(['RATE_LIMITED']);
  const login = await post('mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { email: user.email, password: user.password } });
  expect(login.body.errors).toBeUndefined();
  await pollUntil(async () => (await fetch(`${routerBase()}/ready`)).status === 200);
}, 120_000);

/** Polls until `check` holds; a generous timeout, not a timing assertion. */
async function pollUntil(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('did not recover in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
