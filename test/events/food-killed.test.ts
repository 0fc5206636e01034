import { orderChannels } from '@marquee/platform';
import { startTestStack, type TestStack } from '../support/stack.js';
import { signUp, superAdminEnv } from '../support/users.js';
import { createTestMenu, PLACE_ORDER, type TestMenu } from '../support/food.js';
import { connect, listening, subscribe } from '../support/subscriptions.js';
import { findRedisServer, startFoodProcess, startRedisServer, type RedisServer } from '../support/processes.js';

/**
 * Food commits an order and is killed (SIGKILL) before it publishes the event; when food starts
 * again, the event reaches the customer's screen through the router. Food runs in a child process,
 * as in production; the router (in this process) hears it through a Redis of the test's own.
 *
 * "Killed after the commit and before the publish" is made certain, not left to timing: the first
 * food process runs with OUTBOX_RELAY=off (it writes events and publishes none), and so does the
 * food subgraph inside the test stack, which the router asks to resolve each event. The only relay
 * that can publish the order's event is the restarted process's.
 */
const redisServerBinary = findRedisServer();
if (!redisServerBinary) console.warn('redis-server is not installed: the process-killed test cannot run (apt-get install redis-server)');
const withRedisServer = redisServerBinary ? describe : describe.skip;

withRedisServer('an order committed just before food is killed', () => {
  let redis: RedisServer;
  let stack: TestStack;
  let menu: TestMenu;

  beforeAll(async () => {
    redis = await startRedisServer(redisServerBinary as string);
    stack = await startTestStack({ env: { ...superAdminEnv, REDIS_URL: redis.url, OUTBOX_RELAY: 'off' } });
    menu = await createTestMenu(stack, (await signUp(stack, 'ADMIN')).accessToken, 'Crash Kitchen');
  });
  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  it('reaches its subscriber after food restarts', async () => {
    const owner = await signUp(stack, 'USER', 'Kim Killed');
    const client = connect(stack, owner.accessToken);
    const doomed = await startFoodProcess(stack, { OUTBOX_RELAY: 'off' });
    let restarted: Awaited<ReturnType<typeof startFoodProcess>> | undefined;
    try {
      const mine = subscribe<{ myOrderUpdates: { id: string; status: string; restaurant: { name: string } } }>(
        client,
        'subscription { myOrderUpdates { id status restaurant { name } } }',
      );
      await listening(stack.events, orderChannels.user(owner.id));
      // The menu's own events (entity.changed, for the caches) wait unsent too: the order adds one.
      const unsentBefore = (await stack.subgraphs.food!.service.outbox!.backlog()).unsent;

      const response = await doomed.graphql<{ placeOrder: { id: string } }>(
        PLACE_ORDER,
        { input: { restaurantId: menu.restaurant.id, items: [{ menuItemId: menu.items[0]!.id, quantity: 1 }] } },
        owner.accessToken,
      );
      expect(response.body.errors).toBeUndefined();
      const orderId = response.body.data!.placeOrder.id;
      // Committed (the order reads back) and its event unsent when the process dies.
      const read = await stack.graphql('query ($id: ID!) { order(id: $id) { status } }', { id: orderId }, owner.accessToken);
      expect(read.body.data).toEqual({ order: { status: 'PENDING' } });
      expect((await stack.subgraphs.food!.service.outbox!.backlog()).unsent).toBe(unsentBefore + 1);
      await doomed.kill('SIGKILL');
      expect(mine.received).toEqual([]);

      restarted = await startFoodProcess(stack);
      expect(await mine.next()).toEqual({
        data: { myOrderUpdates: { id: orderId, status: 'PENDING', restaurant: { name: 'Crash Kitchen' } } },
      });
    } finally {
      await doomed.kill('SIGKILL');
      await restarted?.kill('SIGTERM');
      await client.dispose();
    }
  });
});
