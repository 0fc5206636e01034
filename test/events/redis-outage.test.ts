import { orderChannels, parseEventEnvelope, type EventEnvelope } from '@marquee/platform';
import { startTestStack, type TestStack } from '../support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../support/users.js';
import { createTestMenu, moveOrder, placeTestOrder, type TestMenu } from '../support/food.js';
import { connect, listening, subscribe, waitUntil } from '../support/subscriptions.js';
import { findRedisServer, startRedisServer, type RedisServer } from '../support/processes.js';

/**
 * Redis goes down; staff keep moving an order; the changes commit (the outbox keeps their events)
 * and reach the customer's screen through the router once Redis is back. A Redis of the test's own
 * (the machine's serves other suites), so this runs with and without REDIS_URL.
 */
const redisServerBinary = findRedisServer();
if (!redisServerBinary) console.warn('redis-server is not installed: the Redis outage test cannot run (apt-get install redis-server)');
const withRedisServer = redisServerBinary ? describe : describe.skip;

const STATUSES = ['PENDING', 'CONFIRMED', 'PREPARING', 'READY', 'DELIVERED'];

withRedisServer('an order changed while Redis is down', () => {
  let redis: RedisServer;
  let stack: TestStack;
  let staff: SignedIn;
  let menu: TestMenu;

  beforeAll(async () => {
    redis = await startRedisServer(redisServerBinary as string);
    stack = await startTestStack({
      // The router's per-client limit counts in Redis; this test is about events, not that limit.
      env: { ...superAdminEnv, REDIS_URL: redis.url, ROUTER_RATE_LIMIT: '0', OUTBOX_RETRY_MAX_MS: '500' },
    });
    staff = await signUp(stack, 'MODERATOR');
    menu = await createTestMenu(stack, (await signUp(stack, 'ADMIN')).accessToken, 'Outage Kitchen');
  });
  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  it('reaches its subscriber through the router when Redis returns, in commit order', async () => {
    const owner = await signUp(stack, 'USER', 'Olga Outage');
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    const outbox = stack.subgraphs.food!.service.outbox!;
    // Wait on the database, not on time: the PLACED event is out before Redis goes.
    await waitUntilAsync(async () => (await outbox.backlog()).unsent === 0, 'the PLACED event published');

    const client = connect(stack, owner.accessToken);
    const envelopes: EventEnvelope[] = [];
    const stopRaw = await stack.events.subscribe(orderChannels.order(placed.id), (message) => {
      const envelope = parseEventEnvelope(message);
      if (envelope) envelopes.push(envelope);
    });
    try {
      const watched = subscribe<{ orderUpdated: { id: string; status: string; user: { name: string } } }>(
        client,
        'subscription ($id: ID!) { orderUpdated(orderId: $id) { id status user { name } } }',
        { id: placed.id },
      );
      await listening(stack.events, orderChannels.order(placed.id), 2);

      await redis.stop();
      await moveOrder(stack, staff.accessToken, placed.id, 'CONFIRMED');
      await moveOrder(stack, staff.accessToken, placed.id, 'PREPARING');
      // Committed, and kept while the bus is down: the relay has tried, failed and backs off.
      await waitUntilAsync(async () => (await outbox.backlog()).failingSince !== null, 'the relay failing to publish');
      expect((await outbox.backlog()).unsent).toBe(2);

      await redis.start();
      await waitUntil(() => watched.received.some((result) => result.data?.orderUpdated.status === 'PREPARING'), 'the change on the screen', 30_000);
      for (const result of watched.received) {
        expect(result.errors).toBeUndefined();
        expect(result.data?.orderUpdated).toMatchObject({ id: placed.id, user: { name: 'Olga Outage' } });
      }
      // The screen never goes back to an older status.
      const shown = watched.received.map((result) => STATUSES.indexOf(result.data?.orderUpdated.status as string));
      expect(shown).toEqual([...shown].sort((a, b) => a - b));

      // On the bus: each event committed during the outage at least once, every copy identical to
      // the first (same id and sequence), sequences in commit order. A copy may come late (pub/sub
      // keeps nothing for a subscriber still reconnecting; the relay publishes recent events once
      // more), and a consumer dropping what is not above the last sequence it saw never goes back.
      const onBus = (status: string) => envelopes.find((event) => event.data.status === status);
      await waitUntil(() => Boolean(onBus('CONFIRMED') && onBus('PREPARING')), 'both events on the bus', 30_000);
      expect(onBus('CONFIRMED')!.sequence).toBeLessThan(onBus('PREPARING')!.sequence);
      for (const copy of envelopes) expect(copy).toEqual(envelopes.find((event) => event.id === copy.id));
      let last = 0;
      const applied: number[] = [];
      for (const event of envelopes) {
        if (event.sequence <= last) continue;
        last = event.sequence;
        applied.push(STATUSES.indexOf(event.data.status as string));
      }
      expect(applied.at(-1)).toBe(STATUSES.indexOf('PREPARING'));
      expect(applied).toEqual([...applied].sort((a, b) => a - b));
      await waitUntilAsync(async () => (await outbox.backlog()).unsent === 0, 'the backlog marked sent');
      expect((await outbox.backlog()).failingSince).toBeNull();
    } finally {
      await stopRaw();
      await client.dispose();
    }
  });
});

async function waitUntilAsync(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
