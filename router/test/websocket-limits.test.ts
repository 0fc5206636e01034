import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { orderChannels } from '@marquee/platform';
import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../test/support/users.js';
import { createTestMenu, placeTestOrder, type TestMenu } from '../../test/support/food.js';
import { closeCode, connect, errorCode, listening, subscribe, waitUntil } from '../../test/support/subscriptions.js';

/** The per-client limits of the WebSocket endpoint, set low here so a test can reach each one. */
let stack: TestStack;
let admin: SignedIn;
let menu: TestMenu;
const clients: { dispose(): void | Promise<void> }[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    env: {
      ...superAdminEnv,
      WS_MAX_CONNECTIONS_PER_USER: '2',
      WS_MAX_OPERATIONS_PER_CONNECTION: '2',
      WS_SUBSCRIBE_RATE_PER_MINUTE: '6',
      WS_MAX_BUFFERED_BYTES: '1024',
      // The paused client below cannot answer pings: keep-alive must not cut it off first.
      WS_KEEPALIVE_MS: '600000',
      ROUTER_RATE_LIMIT: '40',
      // The slow-consumer case needs large payloads: 10 aliases per selection, and a batch of 10
      // events for 10 orders (one payload each) repeats the selection 10 times.
      MAX_ALIASES: '200',
      MAX_TOKENS: '20000',
      FOOD_ORDER_RATE_LIMIT: '100',
    },
  });
  admin = await signUp(stack, 'ADMIN');
  menu = await createTestMenu(stack, admin.accessToken, 'Limited Kitchen');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});
afterAll(() => stack.stop());

const client = (token?: string) => {
  const created = connect(stack, token);
  clients.push(created);
  return created;
};
const subscribers = () => stack.router.subscriptions.stats().subscribers;

it('closes a connection beyond the per-user limit with 1008, and admits one again once another closes', async () => {
  const user = await signUp(stack);
  const before = subscribers();
  const first = client(user.accessToken);
  subscribe(first, 'subscription { myOrderUpdates { id } }');
  subscribe(client(user.accessToken), 'subscription { myOrderUpdates { id } }');
  await waitUntil(() => subscribers() === before + 2, 'two connections subscribed');
  const third = subscribe(client(user.accessToken), 'subscription { myOrderUpdates { id } }');
  expect(closeCode(await third.ended)).toBe(1008);

  await first.dispose();
  await waitUntil(() => subscribers() === before + 1, 'the first connection to close');
  subscribe(client(user.accessToken), 'subscription { myOrderUpdates { id } }');
  await waitUntil(() => subscribers() === before + 2, 'a new connection to be admitted');
});

it('refuses operations beyond the per-connection limit with BAD_REQUEST', async () => {
  const user = await signUp(stack);
  const socket = client(user.accessToken);
  const before = subscribers();
  subscribe(socket, 'subscription { myOrderUpdates { id } }');
  subscribe(socket, 'subscription { myOrderUpdates { status } }');
  await waitUntil(() => subscribers() === before + 2, 'two subscriptions');
  expect(errorCode(await subscribe(socket, 'subscription { myOrderUpdates { total } }').ended)).toBe('BAD_REQUEST');
});

it('answers RATE_LIMITED to subscribe attempts beyond the per-minute limit', async () => {
  const user = await signUp(stack);
  const socket = client(user.accessToken);
  const attempt = () => subscribe(socket, 'subscription ($id: ID!) { orderUpdated(orderId: $id) { id } }', { id: randomUUID() }).ended;
  for (let n = 0; n < 6; n += 1) expect(errorCode(await attempt())).toBe('NOT_FOUND');
  expect(errorCode(await attempt())).toBe('RATE_LIMITED');
});

it('counts queries over the socket in the same rate limit as HTTP', async () => {
  const user = await signUp(stack);
  const socket = client(user.accessToken);
  for (let n = 0; n < 40; n += 1) expect((await subscribe(socket, '{ me { id } }').next()).data).toEqual({ me: { id: user.id } });
  const limited = await subscribe(socket, '{ me { id } }').next();
  expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  expect((await stack.graphql('{ me { id } }', {}, user.accessToken)).status).toBe(429);
});

it('closes a socket that sends a message over 1 MiB with 1009', async () => {
  const user = await signUp(stack);
  const huge = `{ me { id } } # ${'x'.repeat(1024 * 1024)}`;
  expect(closeCode(await subscribe(client(user.accessToken), huge).ended)).toBe(1009);
});

it('closes a client that does not read its messages with 1013 instead of dropping some', async () => {
  const owner = await signUp(stack);
  const placed = await placeTestOrder(stack, owner.accessToken, menu);
  // Events of one entity resolved together are conflated into one payload: cycle through ten.
  const others = [];
  for (let n = 0; n < 9; n += 1) others.push(await placeTestOrder(stack, owner.accessToken, menu));
  const entities = [placed, ...others].map((order) => order.id);
  const socket = new WebSocket(stack.routerUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
  await once(socket, 'open');
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${owner.accessToken}` } }));
  const [ack] = (await once(socket, 'message')) as [Buffer];
  expect(JSON.parse(ack.toString())).toEqual({ type: 'connection_ack' });
  // A large payload per event, so the router's buffer fills while the client reads nothing.
  const fields = Array.from({ length: 10 }, (_, n) => `l${n}: lines { name quantity unitPrice lineTotal menuItem { name description price available restaurant { name address phone } } }`).join(' ');
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `subscription ($id: ID!) { orderUpdated(orderId: $id) { id ${fields} } }`, variables: { id: placed.id } } }));
  const channel = orderChannels.order(placed.id);
  await listening(stack.events, channel);
  const closed = once(socket, 'close') as Promise<[number, Buffer]>;
  (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
  const stats = () => stack.router.subscriptions.stats();
  const before = stats().slowConsumersClosed;
  const closedByRouter = () => stats().slowConsumersClosed > before;
  // Paced: each round of events is resolved before the next, until the router gives up on the client.
  for (let round = 0; round < 120 && !closedByRouter(); round += 1) {
    const resolved = stats().resolvedEvents;
    for (let n = 0; n < 50; n += 1) await stack.events.publish(channel, JSON.stringify({ id: randomUUID(), type: 'test.event', entityId: entities[n % entities.length] }));
    await waitUntil(() => stats().resolvedEvents >= resolved + 50 || closedByRouter(), 'a round of events', 60_000);
  }
  expect(closedByRouter()).toBe(true);
  (socket as unknown as { _socket: { resume(): void } })._socket.resume();
  // Everything sent before arrives whole, then the close: never a stream with a hole in it.
  const [code] = await closed;
  expect(code).toBe(1013);
}, 180_000);
