import { orderChannels, parseEventEnvelope, type EventEnvelope } from '@marquee/platform';
import { errorCodes, startTestStack, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';
import { createTestMenu, moveOrder, PLACE_ORDER, placeTestOrder, UPDATE_STATUS, type TestMenu } from '../../../test/support/food.js';
import { waitUntil } from '../../../test/support/subscriptions.js';

/**
 * Order events go through food's outbox: written in the order's own transaction, published after
 * it commits on the order's, the owner's and the restaurant's channels, one id per event.
 */
let stack: TestStack;
let staff: SignedIn;
let menu: TestMenu;

beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
  staff = await signUp(stack, 'MODERATOR');
  menu = await createTestMenu(stack, (await signUp(stack, 'ADMIN')).accessToken, 'Outbox Kitchen');
});
afterAll(() => stack.stop());

async function listen(channel: string) {
  // Delivery is at least once: a copy carries the id of the original; keep first copies.
  const received: EventEnvelope[] = [];
  const stop = await stack.events.subscribe(channel, (message) => {
    const envelope = parseEventEnvelope(message);
    if (envelope && !received.some((seen) => seen.id === envelope.id)) received.push(envelope);
  });
  return { received, stop };
}

/** Outbox rows about one user's orders, straight from food's database. */
async function outboxRowsOf(userId: string): Promise<number> {
  const em = stack.subgraphs.food!.service.orm.em.fork();
  const rows = await em.execute<{ count: string }[]>("select count(*) from outbox_events where data->>'userId' = ?", [userId]);
  return Number(rows[0]?.count);
}

it('publishes a placed order on its three channels with one id, in the contract envelope', async () => {
  const user = await signUp(stack);
  const mine = await listen(orderChannels.user(user.id));
  const kitchen = await listen(orderChannels.restaurant(menu.restaurant.id));
  const placed = await placeTestOrder(stack, user.accessToken, menu);

  await waitUntil(() => mine.received.length === 1 && kitchen.received.some((event) => event.entityId === placed.id), 'the event', 30_000);
  const [event] = mine.received;
  expect(event).toEqual({
    id: expect.any(String),
    type: 'food.order.placed',
    entityId: placed.id,
    sequence: expect.any(Number),
    occurredAt: expect.any(String),
    data: { orderId: placed.id, userId: user.id, restaurantId: menu.restaurant.id, status: 'PENDING', kind: 'PLACED' },
  });
  expect(kitchen.received.find((copy) => copy.entityId === placed.id)).toEqual(event);
  await Promise.all([mine.stop(), kitchen.stop()]);
});

it('writes no event for an order that is refused or only retried', async () => {
  const user = await signUp(stack);
  const refused = await stack.graphql(
    PLACE_ORDER,
    { input: { restaurantId: menu.restaurant.id, items: [{ menuItemId: menu.unavailableId, quantity: 1 }] } },
    user.accessToken,
  );
  expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
  expect(await outboxRowsOf(user.id)).toBe(0);

  await placeTestOrder(stack, user.accessToken, menu, { idempotencyKey: 'once' });
  await placeTestOrder(stack, user.accessToken, menu, { idempotencyKey: 'once' });
  expect(await outboxRowsOf(user.id)).toBe(1);
});

it('publishes quick status changes of one order in the order they were made, sequences increasing', async () => {
  const user = await signUp(stack);
  const placed = await placeTestOrder(stack, user.accessToken, menu);
  const watched = await listen(orderChannels.order(placed.id));
  const steps = ['CONFIRMED', 'PREPARING', 'READY', 'DELIVERED'];
  for (const status of steps) await moveOrder(stack, staff.accessToken, placed.id, status);

  await waitUntil(() => watched.received.length === steps.length, 'every change', 30_000);
  expect(watched.received.map((event) => [event.type, event.data.status])).toEqual(steps.map((status) => ['food.order.status-changed', status]));
  const sequences = watched.received.map((event) => event.sequence);
  expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  expect(new Set(watched.received.map((event) => event.id)).size).toBe(steps.length);
  await watched.stop();
});

it('writes one event for two simultaneous changes of which one wins', async () => {
  const user = await signUp(stack);
  const placed = await placeTestOrder(stack, user.accessToken, menu);
  const results = await Promise.all(
    [1, 2].map(() => stack.graphql(UPDATE_STATUS, { id: placed.id, status: 'CONFIRMED' }, staff.accessToken)),
  );
  expect(results.map(errorCodes).sort()).toEqual([[], ['CONFLICT']]);
  expect(await outboxRowsOf(user.id)).toBe(2);
});
