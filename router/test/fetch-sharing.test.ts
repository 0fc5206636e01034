import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { createTestMenu, placeTestOrder } from '../../test/support/food.js';
import { splitEntityAnswer } from '../src/entity-fetch-batches.js';
import { login, signUp, superAdminEnv, TEST_SUPER_ADMIN } from '../../test/support/users.js';

// In-flight sharing of query executions and subgraph fetches is on by default; these requests go out at the same
// moment, so whenever two of them could be merged by mistake, they would be.
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
});
afterAll(() => stack.stop());

describe('in-flight sharing of query executions and subgraph fetches', () => {
  it('answers every caller with their own data when identical queries arrive together', async () => {
    const users = await Promise.all([signUp(stack, 'USER', 'Ada'), signUp(stack, 'USER', 'Grace'), signUp(stack, 'USER', 'Linus')]);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) => {
        const user = users[index % users.length];
        return stack.graphql<{ me: { id: string; name: string } }>('query Me { me { id name } }', {}, user?.accessToken);
      }),
    );
    answers.forEach((answer, index) => {
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.me.id).toBe(users[index % users.length]?.id);
    });
    const anonymous = await Promise.all([stack.graphql('query Me { me { id } }'), stack.graphql('query Me { me { id } }', {}, users[0]?.accessToken)]);
    expect(anonymous[0]?.body.data?.me ?? null).toBeNull();
    expect(anonymous[1]?.body.data?.me).toEqual({ id: users[0]?.id });
  });

  it('runs identical queries of one caller in flight together once, and gives every answer the same Cache-Control', async () => {
    const user = await signUp(stack, 'USER', 'Barbara');
    const metricsUrl = `${stack.routerUrl.replace(/\/graphql$/, '')}/metrics`;
    const sharedCount = async () => Number(/^marquee_router_shared_operations_total (\d+)/m.exec(await (await fetch(metricsUrl)).text())?.[1] ?? 0);
    const ask = async (variables: Record<string, unknown>) => {
      const response = await fetch(stack.routerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${user.accessToken}` },
        body: JSON.stringify({ query: 'query Mine($first: Int!) { me { id name } myOrders(first: $first) { totalCount } }', operationName: 'Mine', variables }),
      });
      return { cacheControl: response.headers.get('cache-control'), body: (await response.json()) as { data?: { me: { id: string; name: string } }; errors?: unknown } };
    };
    const alone = await ask({ first: 1 });
    expect(alone.body.errors).toBeUndefined();
    const before = await sharedCount();
    const together = await Promise.all(Array.from({ length: 12 }, (_, index) => ask({ first: 1 + (index % 2) })));
    expect(await sharedCount()).toBeGreaterThan(before);
    for (const answer of together) {
      expect(answer.body).toEqual({ data: { me: { id: user.id, name: 'Barbara' }, myOrders: { totalCount: 0 } } });
      // A private answer stays private for the requests that waited on another's execution.
      expect(answer.cacheControl).toBe(alone.cacheControl);
    }
  });

  it('never shares mutations: identical orders sent together are each placed', async () => {
    const admin = await login(stack, TEST_SUPER_ADMIN.email, TEST_SUPER_ADMIN.password);
    const menu = await createTestMenu(stack, admin.accessToken, 'Sharing Kitchen');
    const customer = await signUp(stack);
    const placeOrder = 'mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }';
    const input = { restaurantId: menu.restaurant.id, items: [{ menuItemId: menu.items[0]?.id, quantity: 1 }] };
    const placed = await Promise.all([1, 2, 3].map(() => stack.graphql<{ placeOrder: { id: string } }>(placeOrder, { input }, customer.accessToken)));
    const ids = placed.map((answer) => answer.body.data?.placeOrder.id);
    expect(new Set(ids).size).toBe(3);
    const mine = await stack.graphql<{ myOrders: { totalCount: number } }>('query Mine { myOrders(first: 10) { totalCount } }', {}, customer.accessToken);
    expect(mine.body.data?.myOrders.totalCount).toBe(3);
  });
});

describe("entity fetches of one query's aliases", () => {
  it('go to a subgraph as one request, and every alias gets its own entities', async () => {
    const admin = await login(stack, TEST_SUPER_ADMIN.email, TEST_SUPER_ADMIN.password);
    const menu = await createTestMenu(stack, admin.accessToken, 'Alias Kitchen');
    const customers = await Promise.all([signUp(stack, 'USER', 'Ava'), signUp(stack, 'USER', 'Bea'), signUp(stack, 'USER', 'Cal')]);
    const orders = await Promise.all(customers.map((customer) => placeTestOrder(stack, customer.accessToken, menu)));
    const metricsUrl = `${stack.routerUrl.replace(/\/graphql$/, '')}/metrics`;
    const authFetches = async () => Number(/^marquee_subgraph_fetch_duration_seconds_count\{caller="router",subgraph="auth",outcome="ok"\} (\d+)/m.exec(await (await fetch(metricsUrl)).text())?.[1] ?? 0);
    const query = 'query Three($a: ID!, $b: ID!, $c: ID!) { a: order(id: $a) { id user { name } } b: order(id: $b) { id user { name } } c: order(id: $c) { id user { name } } }';
    const variables = { a: orders[0]!.id, b: orders[1]!.id, c: orders[2]!.id };
    const expected = { data: { a: { id: orders[0]!.id, user: { name: 'Ava' } }, b: { id: orders[1]!.id, user: { name: 'Bea' } }, c: { id: orders[2]!.id, user: { name: 'Cal' } } } };
    // The first answer teaches the entity cache these users are private (it then stops looking them up).
    expect((await stack.graphql(query, variables, admin.accessToken)).body).toEqual(expected);
    const before = await authFetches();
    expect((await stack.graphql(query, variables, admin.accessToken)).body).toEqual(expected);
    // The planner plans a fetch per alias path (a.user, b.user, c.user): one request carries all three.
    expect((await authFetches()) - before).toBe(1);
  });

  it("split back gives each fetch its own entities and the errors at them, renumbered, and everyone the rest", () => {
    const answer = {
      data: { _entities: [{ name: 'a0' }, { name: 'b0' }, null, { name: 'b2' }] },
      errors: [
        { message: 'b1 hidden', path: ['_entities', 2, 'name'], extensions: { code: 'FORBIDDEN' } },
        { message: 'for all', extensions: { code: 'SERVICE_UNAVAILABLE' } },
      ],
    };
    expect(splitEntityAnswer(answer, [1, 3])).toEqual([
      { data: { _entities: [{ name: 'a0' }] }, errors: [{ message: 'for all', extensions: { code: 'SERVICE_UNAVAILABLE' } }] },
      {
        data: { _entities: [{ name: 'b0' }, null, { name: 'b2' }] },
        errors: [
          { message: 'b1 hidden', path: ['_entities', 1, 'name'], extensions: { code: 'FORBIDDEN' } },
          { message: 'for all', extensions: { code: 'SERVICE_UNAVAILABLE' } },
        ],
      },
    ]);
    // An answer that does not match what was asked fails every fetch rather than shifting entities.
    expect(() => splitEntityAnswer({ data: { _entities: [{}, {}] } }, [1, 2])).toThrow(/different number of entities/);
  });
});
