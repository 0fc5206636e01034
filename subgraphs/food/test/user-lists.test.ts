import { ref } from '@mikro-orm/core';
import { Booking } from '../../booking/src/entities/Booking.js';
import { Showing } from '../../booking/src/entities/Showing.js';
import { createScreening } from '../../booking/test/fixtures.js';
import { Order } from '../src/entities/Order.js';
import { Restaurant } from '../src/entities/Restaurant.js';
import { startTestStack, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';

/**
 * `User.bookings` (booking) and `User.orders` (food) under auth's `users` list: every user's page
 * comes from one statement and one grouped count per subgraph, however many users are listed.
 */

const statements: Record<string, string[]> = {};
const countStatements = (subgraph: string, sql: string) => (statements[subgraph] ??= []).push(sql);
const resetStatements = () => Object.keys(statements).forEach((name) => delete statements[name]);
const counts = () => Object.fromEntries(Object.entries(statements).map(([name, list]) => [name, list.length]));

let stack: TestStack;
let admin: SignedIn;
const users: SignedIn[] = [];
const bookingsOf = (index: number) => index % 4;
const ordersOf = (index: number) => (index + 1) % 3;

beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv, onQuery: countStatements });
  admin = await signUp(stack, 'ADMIN');
  for (let i = 0; i < 12; i += 1) users.push(await signUp(stack, 'USER', `Lister ${i}`));
  const { showing } = await createScreening(stack, admin.accessToken);
  const bookingEm = stack.subgraphs.booking?.service.orm.em.fork();
  const foodEm = stack.subgraphs.food?.service.orm.em.fork();
  if (!bookingEm || !foodEm) throw new Error('booking and food must be running');
  const restaurant = Object.assign(new Restaurant(), { name: 'Lister Diner', address: '2 Test Street' });
  foodEm.persist(restaurant);
  users.forEach((user, i) => {
    for (let b = 0; b < bookingsOf(i); b += 1) {
      bookingEm.persist(
        Object.assign(new Booking(), {
          bookingNumber: `L${i}-${b}`,
          userId: user.id,
          showing: ref(bookingEm.getReference(Showing, showing.id)),
          totalPrice: '10.00',
          createdAt: new Date(Date.UTC(2026, 0, 1, i, b)),
        }),
      );
    }
    for (let o = 0; o < ordersOf(i); o += 1) {
      foodEm.persist(
        Object.assign(new Order(), { userId: user.id, restaurant: ref(restaurant), total: '5.00', createdAt: new Date(Date.UTC(2026, 0, 1, i, o)) }),
      );
    }
  });
  await bookingEm.flush();
  await foodEm.flush();
});
afterAll(() => stack.stop());

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
const PAGE = 'totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }';
const USERS = `query ($first: Int) { users(first: $first) { edges { node { id bookings(first: 2) { ${PAGE} } orders(first: 2) { ${PAGE} } } } } }`;

async function ok<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const response = await stack.graphql<T>(query, variables, token);
  if (response.body.errors || !response.body.data) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data;
}

it('lists 3 users with their bookings and orders for the same statements as 14', async () => {
  type Data = { users: { edges: { node: { id: string; bookings: Page; orders: Page } }[] } };
  await ok(USERS, { first: 1 }, admin.accessToken); // warm up connections and caches
  resetStatements();
  await ok(USERS, { first: 3 }, admin.accessToken);
  const few = counts();
  resetStatements();
  const many = await ok<Data>(USERS, { first: 100 }, admin.accessToken);
  // The super admin, the admin and the twelve users.
  expect(many.users.edges).toHaveLength(14);
  expect(counts()).toEqual(few);
  // Each: every user's page in one statement, every user's total in one count.
  expect(counts()).toMatchObject({ booking: 2, food: 2 });

  for (const [i, user] of users.entries()) {
    const node = many.users.edges.find((edge) => edge.node.id === user.id)?.node;
    expect(node?.bookings.totalCount).toBe(bookingsOf(i));
    expect(node?.bookings.edges).toHaveLength(Math.min(2, bookingsOf(i)));
    expect(node?.bookings.pageInfo.hasNextPage).toBe(bookingsOf(i) > 2);
    expect(node?.orders.totalCount).toBe(ordersOf(i));
    expect(node?.orders.edges).toHaveLength(Math.min(2, ordersOf(i)));
  }
});

it('pages a user’s bookings and orders exactly as myBookings and myOrders do', async () => {
  const user = users[3] as SignedIn; // three bookings, one order
  for (const [nested, flat] of [
    ['bookings', 'myBookings'],
    ['orders', 'myOrders'],
  ] as const) {
    let after: string | null = null;
    const seen: string[] = [];
    do {
      const viaMe: { me: Record<string, Page> } = await ok(`query ($after: String) { me { ${nested}(first: 1, after: $after) { ${PAGE} } } }`, { after }, user.accessToken);
      const direct: Record<string, Page> = await ok(`query ($after: String) { ${flat}(first: 1, after: $after) { ${PAGE} } }`, { after }, user.accessToken);
      expect(viaMe.me[nested]).toEqual(direct[flat]);
      const page = direct[flat] as Page;
      seen.push(...page.edges.map((edge) => edge.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(nested === 'bookings' ? 3 : 1);
  }
});
