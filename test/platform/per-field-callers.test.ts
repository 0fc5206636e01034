import { PER_FIELD_CALLERS_EXTENSION } from '@marquee/platform';
import { startTestStack, type TestStack } from '../support/stack.js';
import { signShortLivedToken } from '../support/subscriptions.js';
import { signUp, superAdminEnv, type SignedIn } from '../support/users.js';
import { createTestMenu, placeTestOrder, type PlacedOrder } from '../support/food.js';

/**
 * A subgraph answering one query whose root fields name each their own caller: how the router
 * resolves many owners' live events in one request (docs/adr/0029-one-request-many-owners.md).
 * Each field must see exactly what its own caller would see alone.
 */
let stack: TestStack;
let owners: SignedIn[];
let orders: PlacedOrder[];
let statements: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({ env: { ...superAdminEnv, FOOD_ORDER_RATE_LIMIT: '1000' }, onQuery: (subgraph, sql) => subgraph === 'food' && statements.push(sql) });
  const admin = await signUp(stack, 'ADMIN');
  const menu = await createTestMenu(stack, admin.accessToken, 'Per Caller Kitchen');
  owners = await Promise.all([signUp(stack), signUp(stack), signUp(stack)]);
  orders = await Promise.all(owners.map((owner) => placeTestOrder(stack, owner.accessToken, menu)));
});
afterAll(() => stack.stop());

interface Answer {
  status: number;
  cacheControl: string | null;
  body: { data?: Record<string, { id: string; status: string } | null> | null; errors?: { message: string; path?: string[]; extensions?: { code?: string } }[] };
}

async function askFood(query: string, variables: Record<string, unknown>, callers: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(stack.subgraphs.food!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-router-secret': stack.routerSecret, ...headers },
    body: JSON.stringify({ query, variables, extensions: { [PER_FIELD_CALLERS_EXTENSION]: callers } }),
  });
  return { status: response.status, cacheControl: response.headers.get('cache-control'), body: (await response.json()) as Answer['body'] };
}

const LOOKUPS = 'query ($a: ID!, $b: ID!, $c: ID!) { a: order(id: $a) { id status } b: order(id: $b) { id status } c: order(id: $c) { id status } }';
const bearer = (owner: SignedIn) => `Bearer ${owner.accessToken}`;

it('resolves each root field as its own caller, with the loaders shared: one statement for three owners', async () => {
  const [ada, ben, cy] = owners as [SignedIn, SignedIn, SignedIn];
  statements = [];
  const answer = await askFood(LOOKUPS, { a: orders[0]!.id, b: orders[1]!.id, c: orders[2]!.id }, { a: bearer(ada), b: bearer(ben), c: bearer(cy) });
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({
    data: { a: { id: orders[0]!.id, status: 'PENDING' }, b: { id: orders[1]!.id, status: 'PENDING' }, c: { id: orders[2]!.id, status: 'PENDING' } },
  });
  // Answered for several callers at once: nobody may store it.
  expect(answer.cacheControl).toBe('no-store');
  expect(statements.filter((sql) => /\border/i.test(sql))).toHaveLength(1);
});

it("answers a field asking for someone else's order as its own caller would be answered: not found", async () => {
  const [ada, ben] = owners as [SignedIn, SignedIn];
  // b asks for Ada's order as Ben.
  const answer = await askFood(LOOKUPS, { a: orders[0]!.id, b: orders[0]!.id, c: orders[1]!.id }, { a: bearer(ada), b: bearer(ben), c: bearer(ben) });
  expect(answer.body.data).toEqual({ a: { id: orders[0]!.id, status: 'PENDING' }, b: null, c: { id: orders[1]!.id, status: 'PENDING' } });
  expect(answer.body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['b'], 'NOT_FOUND']]);
});

it('refuses a token that does not verify on its own fields only', async () => {
  const [ada] = owners as [SignedIn];
  const expired = await signShortLivedToken(stack, { id: owners[1]!.id, role: 'USER' }, -60);
  const answer = await askFood(LOOKUPS, { a: orders[0]!.id, b: orders[1]!.id, c: orders[1]!.id }, { a: bearer(ada), b: `Bearer ${expired}`, c: 'Bearer not-a-token' });
  expect(answer.body.data).toEqual({ a: { id: orders[0]!.id, status: 'PENDING' }, b: null, c: null });
  expect(answer.body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
    [['b'], 'UNAUTHENTICATED'],
    [['c'], 'UNAUTHENTICATED'],
  ]);
});

it('refuses the whole request when a field names no caller, for a mutation, and beside an Authorization header', async () => {
  const [ada] = owners as [SignedIn];
  const codes = (answer: Answer) => [answer.status, answer.body.data ?? null, answer.body.errors?.map((error) => error.extensions?.code)];
  const variables = { a: orders[0]!.id, b: orders[1]!.id, c: orders[2]!.id };
  expect(codes(await askFood(LOOKUPS, variables, { a: bearer(ada), b: bearer(ada) }))).toEqual([200, null, ['BAD_REQUEST']]);
  const cancel = 'mutation ($a: ID!) { a: cancelOrder(id: $a) { id status } }';
  expect(codes(await askFood(cancel, { a: orders[0]!.id }, { a: bearer(ada) }))).toEqual([200, null, ['BAD_REQUEST']]);
  expect(codes(await askFood(LOOKUPS, variables, { a: bearer(ada), b: bearer(ada), c: bearer(ada) }, { authorization: bearer(ada) }))).toEqual([400, null, ['BAD_REQUEST']]);
  const malformed = await fetch(stack.subgraphs.food!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-router-secret': stack.routerSecret },
    body: JSON.stringify({ query: LOOKUPS, variables, extensions: { [PER_FIELD_CALLERS_EXTENSION]: ['Bearer x'] } }),
  });
  expect(malformed.status).toBe(400);
  // Nothing was changed by any of them.
  const still = await askFood(LOOKUPS, variables, { a: bearer(ada), b: bearer(owners[1]!), c: bearer(owners[2]!) });
  expect(still.body.data?.a?.status).toBe('PENDING');
});
