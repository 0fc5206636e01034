import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { createTestMenu } from '../../test/support/food.js';
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
