import { createLogger, orderChannels } from '@marquee/platform';
import { createRouter, readRouterConfig } from '@marquee/router';
import { errorCodes, startTestStack, type TestStack } from '../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../test/support/users.js';
import { createTestMenu, moveOrder, placeTestOrder, type TestMenu } from '../../test/support/food.js';
import { closeCode, connect, errorCode, listening, signShortLivedToken, subscribe, waitUntil } from '../../test/support/subscriptions.js';

let stack: TestStack;
let admin: SignedIn;
let staff: SignedIn;
let menu: TestMenu;
let serviceListeners: number;
const clients: { dispose(): void | Promise<void> }[] = [];

beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
  admin = await signUp(stack, 'ADMIN');
  staff = await signUp(stack, 'MODERATOR');
  menu = await createTestMenu(stack, admin.accessToken, 'Live Kitchen');
  // Subgraphs listen for good on the same bus (inventory: catalog.product-deleted); what
  // subscriptions hold is everything above that.
  serviceListeners = stack.events.listenerCount();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});
afterAll(() => stack.stop());

const client = (token?: string, params?: Record<string, unknown>) => {
  const created = connect(stack, token, params);
  clients.push(created);
  return created;
};

interface OrderPayload {
  id: string;
  status: string;
  total: string;
  user: { name: string; email: string };
  restaurant: { name: string };
  lines: { name: string; quantity: number }[];
}

const ORDER_UPDATED = `subscription ($id: ID!) {
  orderUpdated(orderId: $id) { id status total user { name email } restaurant { name } lines { name quantity } }
}`;
const STATUS_UPDATED = 'subscription ($id: ID!) { orderUpdated(orderId: $id) { status } }';

describe('orderUpdated', () => {
  it('delivers each change to the owner with the whole selection, federated fields included', async () => {
    const owner = await signUp(stack, 'USER', 'Fern Federated');
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    const live = subscribe<{ orderUpdated: OrderPayload }>(client(owner.accessToken), ORDER_UPDATED, { id: placed.id });
    await listening(stack.events, orderChannels.order(placed.id));

    await moveOrder(stack, staff.accessToken, placed.id, 'CONFIRMED');
    expect(await live.next()).toEqual({
      data: {
        orderUpdated: {
          id: placed.id,
          status: 'CONFIRMED',
          total: '12.25',
          user: { name: 'Fern Federated', email: owner.email },
          restaurant: { name: 'Live Kitchen' },
          lines: [
            { name: 'Popcorn', quantity: 2 },
            { name: 'Cola', quantity: 1 },
          ],
        },
      },
    });
  });

  it("keeps the client's aliases, fragments and variables", async () => {
    const owner = await signUp(stack);
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    const live = subscribe(
      client(owner.accessToken),
      `subscription Watch($id: ID!, $withLines: Boolean!) {
         watched: orderUpdated(orderId: $id) { ...Summary lines @include(if: $withLines) { quantity } }
       }
       fragment Summary on Order { state: status restaurant { name } }`,
      { id: placed.id, withLines: false },
    );
    await listening(stack.events, orderChannels.order(placed.id));
    await moveOrder(stack, staff.accessToken, placed.id, 'CONFIRMED');
    expect(await live.next()).toEqual({ data: { watched: { state: 'CONFIRMED', restaurant: { name: 'Live Kitchen' } } } });
  });

  it('lets staff watch any order', async () => {
    const owner = await signUp(stack);
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    const live = subscribe<{ orderUpdated: { status: string } }>(client(staff.accessToken), STATUS_UPDATED, { id: placed.id });
    await listening(stack.events, orderChannels.order(placed.id));
    await stack.graphql('mutation ($id: ID!) { cancelOrder(id: $id) { id } }', { id: placed.id }, owner.accessToken);
    expect((await live.next()).data?.orderUpdated.status).toBe('CANCELLED');
  });

  it('refuses a stranger with NOT_FOUND and sends them nothing', async () => {
    const owner = await signUp(stack);
    const stranger = await signUp(stack);
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    const live = subscribe(client(stranger.accessToken), ORDER_UPDATED, { id: placed.id });
    expect(errorCode(await live.ended)).toBe('NOT_FOUND');
    expect(stack.events.listenerCount(orderChannels.order(placed.id))).toBe(0);
    await moveOrder(stack, staff.accessToken, placed.id, 'CONFIRMED');
    expect(live.received).toEqual([]);
  });

  it('refuses an anonymous connection with UNAUTHENTICATED', async () => {
    const owner = await signUp(stack);
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    expect(errorCode(await subscribe(client(), ORDER_UPDATED, { id: placed.id }).ended)).toBe('UNAUTHENTICATED');
  });

  it("delivers one order's changes in the order they happened", async () => {
    const owner = await signUp(stack);
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    const live = subscribe<{ orderUpdated: { status: string } }>(client(owner.accessToken), STATUS_UPDATED, { id: placed.id });
    await listening(stack.events, orderChannels.order(placed.id));
    const path = ['CONFIRMED', 'PREPARING', 'READY', 'DELIVERED'];
    for (const status of path) await moveOrder(stack, staff.accessToken, placed.id, status);
    const seen: string[] = [];
    while (seen.at(-1) !== 'DELIVERED') seen.push((await live.next()).data!.orderUpdated.status);
    // Each event re-reads the order, so a later state may show early (and an event whose state was
    // already shown sends nothing), but never an older state after a newer one.
    const ranks = seen.map((status) => path.indexOf(status));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(seen.length).toBeLessThanOrEqual(path.length);
  });
});

describe('myOrderUpdates', () => {
  it("delivers every change to the caller's own orders and none of anyone else's", async () => {
    const me = await signUp(stack);
    const other = await signUp(stack);
    const live = subscribe(client(me.accessToken), 'subscription { myOrderUpdates { id status user { email } } }');
    await listening(stack.events, orderChannels.user(me.id));
    await placeTestOrder(stack, other.accessToken, menu);
    const mine = await placeTestOrder(stack, me.accessToken, menu);
    // The next change waits for this payload: one resolved after it would show its state instead.
    expect(await live.next()).toEqual({ data: { myOrderUpdates: { id: mine.id, status: 'PENDING', user: { email: me.email } } } });
    await moveOrder(stack, staff.accessToken, mine.id, 'CONFIRMED');
    expect(await live.next()).toEqual({ data: { myOrderUpdates: { id: mine.id, status: 'CONFIRMED', user: { email: me.email } } } });
    expect(live.received).toHaveLength(2);
  });
});

describe('restaurantOrderUpdates', () => {
  const QUERY = 'subscription ($id: ID!) { restaurantOrderUpdates(restaurantId: $id) { id status user { name } } }';

  it('delivers new and changed orders of the restaurant to staff', async () => {
    const kitchen = await createTestMenu(stack, admin.accessToken, 'Watched Kitchen');
    const elsewhere = await createTestMenu(stack, admin.accessToken, 'Other Place');
    const customer = await signUp(stack, 'USER', 'Hungry Harry');
    const live = subscribe<{ restaurantOrderUpdates: { id: string; status: string } }>(client(staff.accessToken), QUERY, { id: kitchen.restaurant.id });
    await listening(stack.events, orderChannels.restaurant(kitchen.restaurant.id));
    await placeTestOrder(stack, customer.accessToken, elsewhere);
    const placed = await placeTestOrder(stack, customer.accessToken, kitchen);
    await moveOrder(stack, staff.accessToken, placed.id, 'CONFIRMED');
    expect(await live.next()).toEqual({ data: { restaurantOrderUpdates: { id: placed.id, status: 'PENDING', user: { name: 'Hungry Harry' } } } });
    expect((await live.next()).data?.restaurantOrderUpdates).toMatchObject({ id: placed.id, status: 'CONFIRMED' });
    expect(live.received).toHaveLength(2);
  });

  it('refuses a USER with FORBIDDEN', async () => {
    const user = await signUp(stack);
    expect(errorCode(await subscribe(client(user.accessToken), QUERY, { id: menu.restaurant.id }).ended)).toBe('FORBIDDEN');
  });
});

describe('connections', () => {
  it('closes the socket with 4403 for a bad token', async () => {
    const bad = client(undefined, { authorization: 'Bearer not.a.token' });
    expect(closeCode(await subscribe(bad, 'subscription { myOrderUpdates { id } }').ended)).toBe(4403);
  });

  it('ends a subscription with UNAUTHENTICATED when its token expires', async () => {
    const user = await signUp(stack);
    const token = await signShortLivedToken(stack, { id: user.id, role: 'USER' }, 3);
    const live = subscribe(client(token), 'subscription { myOrderUpdates { id } }');
    await listening(stack.events, orderChannels.user(user.id));
    expect(errorCode(await live.ended)).toBe('UNAUTHENTICATED');
    expect(stack.events.listenerCount(orderChannels.user(user.id))).toBe(0);
  });

  it('leaves no listener behind when a subscriber leaves or disconnects', async () => {
    const user = await signUp(stack);
    const channel = orderChannels.user(user.id);
    // Earlier tests' clients are gone; the server lets go of their listeners soon after.
    await waitUntil(() => stack.events.listenerCount() === serviceListeners, 'earlier subscriptions to end');
    const first = client(user.accessToken);
    const leaving = subscribe(first, 'subscription { myOrderUpdates { id } }');
    subscribe(first, 'subscription { myOrderUpdates { status } }');
    const second = connect(stack, user.accessToken);
    subscribe(second, 'subscription { myOrderUpdates { total } }');
    await listening(stack.events, channel, 3);
    leaving.unsubscribe();
    await waitUntil(() => stack.events.listenerCount(channel) === 2, 'the unsubscribe to release its listener');
    await second.dispose();
    await first.dispose();
    await waitUntil(() => stack.events.listenerCount() === serviceListeners, 'the disconnects to release every listener');
  });

  it('answers an HTTP subscription with 400 pointing at the WebSocket endpoint', async () => {
    const response = await stack.graphql('subscription { myOrderUpdates { id } }', {}, staff.accessToken);
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['BAD_REQUEST']);
    expect(response.body.errors?.[0]?.message).toMatch(/WebSocket/);
  });

  it('serves queries over the same socket too', async () => {
    const user = await signUp(stack, 'USER', 'Socket Sue');
    expect(await subscribe(client(user.accessToken), '{ me { name } }').next()).toEqual({ data: { me: { name: 'Socket Sue' } } });
  });

  it('closes open WebSockets with 1001 when the router shuts down', async () => {
    const env: Record<string, string | undefined> = {
      ...stack.env,
      ROUTER_SECRET: stack.routerSecret,
      AUTH_JWKS_URL: `${stack.subgraphs.auth!.service.http.url()}/.well-known/jwks.json`,
    };
    for (const [name, { url }] of Object.entries(stack.subgraphs)) env[`${name.toUpperCase()}_URL`] = url;
    const router = await createRouter(readRouterConfig(env), { logger: createLogger('silent'), routerSecret: stack.routerSecret, events: stack.events });
    await router.http.listen(0, '127.0.0.1');
    const user = await signUp(stack);
    const socket = connect({ routerUrl: `${router.http.url()}/graphql` }, user.accessToken);
    const live = subscribe(socket, 'subscription { myOrderUpdates { id } }');
    await listening(stack.events, orderChannels.user(user.id));
    await router.stop();
    expect(closeCode(await live.ended)).toBe(1001);
    expect(stack.events.listenerCount(orderChannels.user(user.id))).toBe(0);
    await socket.dispose();
  });
});
