import { orderChannels } from '@marquee/platform';
import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../test/support/users.js';
import { createTestMenu, moveOrder, placeTestOrder, type TestMenu } from '../../test/support/food.js';
import { connect, listening, subscribe } from '../../test/support/subscriptions.js';

/**
 * Two routers and two food subgraphs over the same databases and Redis: a change made through
 * one instance reaches a subscriber of the other. Needs Redis by definition.
 */
const withRedis = process.env.REDIS_URL ? describe : describe.skip;

withRedis('two router and food instances sharing Redis', () => {
  let first: TestStack;
  let second: TestStack;
  let staff: SignedIn;
  let menu: TestMenu;

  beforeAll(async () => {
    first = await startTestStack({ env: superAdminEnv });
    second = await startTestStack({ env: superAdminEnv, replicaOf: first });
    staff = await signUp(first, 'MODERATOR');
    menu = await createTestMenu(first, (await signUp(first, 'ADMIN')).accessToken, 'Replicated Kitchen');
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('delivers a change made through the other instance, with the whole selection', async () => {
    const owner = await signUp(first, 'USER', 'Rita Replica');
    const client = connect(first, owner.accessToken);
    try {
      const mine = subscribe(client, 'subscription { myOrderUpdates { id status user { name } restaurant { name } } }');
      await listening(first.events, orderChannels.user(owner.id));
      // Placed and moved through the second router and its own food subgraph.
      expect(second.routerUrl).not.toBe(first.routerUrl);
      const placed = await placeTestOrder(second, owner.accessToken, menu);
      expect(await mine.next()).toEqual({
        data: { myOrderUpdates: { id: placed.id, status: 'PENDING', user: { name: 'Rita Replica' }, restaurant: { name: 'Replicated Kitchen' } } },
      });

      const watched = subscribe(client, 'subscription ($id: ID!) { orderUpdated(orderId: $id) { status } }', { id: placed.id });
      await listening(first.events, orderChannels.order(placed.id));
      await moveOrder(second, staff.accessToken, placed.id, 'CONFIRMED');
      expect(await watched.next()).toEqual({ data: { orderUpdated: { status: 'CONFIRMED' } } });
      expect((await mine.next()).data).toMatchObject({ myOrderUpdates: { status: 'CONFIRMED' } });
    } finally {
      await client.dispose();
    }
  });
});
