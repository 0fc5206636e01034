import pg from 'pg';
import { errorCodes, startTestStack, type TestStack } from '../../test/support/stack.js';
import { login, signUp, superAdminEnv, TEST_SUPER_ADMIN, type SignedIn } from '../../test/support/users.js';
import { createTestMenu, PLACE_ORDER, type TestMenu } from '../../test/support/food.js';

/**
 * After logout, a password or role change, or deletion, the user's older access tokens are
 * refused (CONTRACTS.md §2) by the router and by every subgraph called directly; newer tokens work.
 */
const ME = '{ me { id role } }';
const LOGOUT = 'mutation ($token: String!) { logout(refreshToken: $token) }';
const CHANGE_PASSWORD = 'mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken refreshToken } }';
const DELETE_USER = 'mutation ($id: ID!) { deleteUser(id: $id) }';
const SET_ROLE = 'mutation ($id: ID!, $role: Role!) { updateUserRole(userId: $id, role: $role) { role } }';

/** Every subgraph of the stack, called directly with the router secret and this token. */
async function subgraphStatuses(stack: TestStack, token: string): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  for (const [name, subgraph] of Object.entries(stack.subgraphs)) {
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-router-secret': stack.routerSecret, authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    statuses[name] = response.status;
  }
  return statuses;
}

const everywhere = (status: number) => ({ auth: status, catalog: status, inventory: status, booking: status, food: status });

/**
 * Refused by the router and every subgraph. The instance that revoked knows at once; the others
 * hear it on the bus (with Redis, a round trip), or, should the event be lost while the bus
 * reconnects, re-read the store within the 10 s they trust a lookup: polled, never timed.
 */
async function expectRefused(stack: TestStack, token: string): Promise<void> {
  await pollUntil(async () => (await stack.graphql(ME, {}, token)).status === 401, 20_000);
  const response = await stack.graphql(ME, {}, token);
  expect(response.status).toBe(401);
  expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  await pollUntil(async () => Object.values(await subgraphStatuses(stack, token)).every((status) => status === 401), 20_000);
  expect(await subgraphStatuses(stack, token)).toEqual(everywhere(401));
}

describe('one router', () => {
  let stack: TestStack;
  let root: SignedIn;
  beforeAll(async () => {
    stack = await startTestStack({ env: superAdminEnv });
    root = await login(stack, TEST_SUPER_ADMIN.email, TEST_SUPER_ADMIN.password);
  });
  afterAll(() => stack.stop());

  it('logout: the access token stops working at once, everywhere; signing in again works', async () => {
    const user = await signUp(stack);
    expect((await stack.graphql(ME, {}, user.accessToken)).status).toBe(200);
    expect(await subgraphStatuses(stack, user.accessToken)).toEqual(everywhere(200));
    const out = await stack.graphql(LOGOUT, { token: user.refreshToken }, user.accessToken);
    expect(out.body).toEqual({ data: { logout: true } });
    await expectRefused(stack, user.accessToken);
    // In the same second as the logout, a new sign-in gets a token that works.
    const again = await login(stack, user.email, user.password);
    expect((await stack.graphql(ME, {}, again.accessToken)).body.data).toEqual({ me: { id: user.id, role: 'USER' } });
  });

  it('a password change: older tokens and refresh tokens stop working; the new session works', async () => {
    const user = await signUp(stack);
    const otherDevice = await login(stack, user.email, user.password);
    const wrong = await stack.graphql(CHANGE_PASSWORD, { input: { currentPassword: 'not it', newPassword: 'a brand new password' } }, user.accessToken);
    expect(errorCodes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect((await stack.graphql(ME, {}, user.accessToken)).status).toBe(200);

    const changed = await stack.graphql<{ changePassword: { accessToken: string; refreshToken: string } }>(
      CHANGE_PASSWORD,
      { input: { currentPassword: user.password, newPassword: 'a brand new password' } },
      user.accessToken,
    );
    expect(changed.body.errors).toBeUndefined();
    await expectRefused(stack, user.accessToken);
    await expectRefused(stack, otherDevice.accessToken);
    const refreshed = await stack.graphql('mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }', { t: otherDevice.refreshToken });
    expect(errorCodes(refreshed)).toEqual(['UNAUTHENTICATED']);
    expect((await stack.graphql(ME, {}, changed.body.data!.changePassword.accessToken)).status).toBe(200);
    await expect(login(stack, user.email, user.password)).rejects.toThrow();
    await login(stack, user.email, 'a brand new password');
  });

  it('a role change: the demoted ADMIN cannot act on the old token', async () => {
    const admin = await signUp(stack, 'ADMIN');
    const menuBefore = await stack.graphql(
      'mutation ($input: CreateRestaurantInput!) { createRestaurant(input: $input) { id } }',
      { input: { name: 'Before Demotion', address: '1 Street', phone: '+1 555 0100' } },
      admin.accessToken,
    );
    expect(menuBefore.body.errors).toBeUndefined();
    expect((await stack.graphql(SET_ROLE, { id: admin.id, role: 'USER' }, root.accessToken)).body.errors).toBeUndefined();
    await expectRefused(stack, admin.accessToken);
    const fresh = await login(stack, admin.email, admin.password);
    const refused = await stack.graphql(
      'mutation ($input: CreateRestaurantInput!) { createRestaurant(input: $input) { id } }',
      { input: { name: 'After Demotion', address: '1 Street', phone: '+1 555 0100' } },
      fresh.accessToken,
    );
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
  });

  it('deletion (by the user, or by an ADMIN): the token stops working and cannot place an order', async () => {
    const menu: TestMenu = await createTestMenu(stack, (await signUp(stack, 'ADMIN')).accessToken, 'Deletion Kitchen');
    const leaving = await signUp(stack);
    expect(await stack.graphql(DELETE_USER, { id: leaving.id }, leaving.accessToken)).toMatchObject({ body: { data: { deleteUser: leaving.id } } });
    await expectRefused(stack, leaving.accessToken);
    const order = await stack.graphql(PLACE_ORDER, { input: { restaurantId: menu.restaurant.id, items: [{ menuItemId: menu.items[0]!.id, quantity: 1 }] } }, leaving.accessToken);
    expect(order.status).toBe(401);

    const removed = await signUp(stack);
    const admin = await signUp(stack, 'ADMIN');
    expect((await stack.graphql(DELETE_USER, { id: removed.id }, admin.accessToken)).body.errors).toBeUndefined();
    await expectRefused(stack, removed.accessToken);
    await expect(login(stack, removed.email, removed.password)).rejects.toThrow();
  });

  it('only staff rules delete others: a USER may not, an ADMIN may not delete an ADMIN, nobody the last SUPER_ADMIN', async () => {
    const user = await signUp(stack);
    const other = await signUp(stack);
    expect(errorCodes(await stack.graphql(DELETE_USER, { id: other.id }, user.accessToken))).toEqual(['FORBIDDEN']);
    const admin = await signUp(stack, 'ADMIN');
    const otherAdmin = await signUp(stack, 'ADMIN');
    expect(errorCodes(await stack.graphql(DELETE_USER, { id: otherAdmin.id }, admin.accessToken))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await stack.graphql(DELETE_USER, { id: root.id }, root.accessToken))).toEqual(['CONFLICT']);
  });

  it('a user deleted behind auth\'s back: placing an order answers with errors, never a bare {"data":null}', async () => {
    const menu = await createTestMenu(stack, (await signUp(stack, 'ADMIN')).accessToken, 'Ghost Kitchen');
    const ghost = await signUp(stack);
    // As if removed by an operator in the database: no revocation was published.
    const client = new pg.Client({ connectionString: `${String(stack.env.DATABASE_URL).replace(/\/[^/]*$/, '')}/${String(stack.env.DATABASE_NAME_PREFIX)}_auth` });
    await client.connect();
    try {
      await client.query('DELETE FROM users WHERE id = $1', [ghost.id]);
    } finally {
      await client.end();
    }
    // `user { name }` makes the gateway fetch the (now missing) user from auth.
    const response = await stack.graphql('mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id user { id name } } }', {
      input: { restaurantId: menu.restaurant.id, items: [{ menuItemId: menu.items[0]!.id, quantity: 1 }] },
    }, ghost.accessToken);
    // Whatever the schema's nullability makes of it, an answer without the order says why.
    const placed = (response.body.data as { placeOrder?: unknown } | null | undefined)?.placeOrder;
    if (!placed) expect(response.body.errors?.length).toBeGreaterThan(0);
    expect(response.body).not.toHaveProperty('extensions.valueCompletion');
  });
});

const withRedis = process.env.REDIS_URL ? describe : describe.skip;

withRedis('two routers and two sets of subgraphs on one Redis', () => {
  let first: TestStack;
  let second: TestStack;
  beforeAll(async () => {
    first = await startTestStack({ env: superAdminEnv });
    second = await startTestStack({ env: superAdminEnv, replicaOf: first });
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('a logout through one instance is refused by the other, pushed by the event (not by a later re-read)', async () => {
    const user = await signUp(first);
    // The second instance has seen this user and remembers "not revoked"; only the event can change that now.
    expect((await second.graphql(ME, {}, user.accessToken)).status).toBe(200);
    expect(await subgraphStatuses(second, user.accessToken)).toEqual(everywhere(200));
    await first.graphql(LOGOUT, { token: user.refreshToken }, user.accessToken);
    let status = 0;
    await pollUntil(async () => {
      status = (await second.graphql(ME, {}, user.accessToken)).status;
      return status === 401;
    });
    expect(await subgraphStatuses(second, user.accessToken)).toEqual(everywhere(401));
  });

  it('an instance that starts after the revocation refuses the token too (read from the store)', async () => {
    const user = await signUp(first);
    await first.graphql(LOGOUT, { token: user.refreshToken }, user.accessToken);
    const third = await startTestStack({ env: superAdminEnv, replicaOf: first });
    try {
      await expectRefused(third, user.accessToken);
    } finally {
      await third.stop();
    }
  });
});

/** Polls `check` until it holds; fails after a generous timeout (this is not a timing test). */
async function pollUntil(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
