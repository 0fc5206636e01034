import { errorCodes, startTestStack, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';
import { createTestMenu, type TestMenu } from '../../../test/support/food.js';

/** placeOrder with a bookingId: food asks the booking subgraph, on the caller's behalf. */
let stack: TestStack;
let admin: SignedIn;
let staff: SignedIn;
let menu: TestMenu;
let showingId: string;
let freeSeatIds: string[];

const PLACE_ORDER = `mutation ($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id total user { id } booking { id bookingNumber } }
}`;
const BOOK_SEATS = 'mutation ($input: BookSeatsInput!) { bookSeats(input: $input) { id bookingNumber } }';
const CANCEL_BOOKING = 'mutation ($id: ID!) { cancelBooking(id: $id) { id status } }';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

async function ok<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const response = await stack.graphql<T>(query, variables, token);
  if (response.body.errors || !response.body.data) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data;
}

/** A theater of 20 seats with one showing tomorrow, made by the admin. */
async function createShowing(): Promise<{ showingId: string; seatIds: string[] }> {
  const { createTheater } = await ok<{ createTheater: { id: string; seats: { id: string }[] } }>(
    'mutation ($input: CreateTheaterInput!) { createTheater(input: $input) { id seats { id } } }',
    { input: { name: 'Food Test Theater', address: '1 Test Road', rows: [{ row: 'A', seats: 20, type: 'STANDARD' }] } },
    admin.accessToken,
  );
  const { createMovie } = await ok<{ createMovie: { id: string } }>(
    'mutation ($input: CreateMovieInput!) { createMovie(input: $input) { id } }',
    { input: { title: 'Snacks: The Movie', genre: 'Comedy', durationMinutes: 90 } },
    admin.accessToken,
  );
  const startsAt = new Date(Date.now() + 24 * 3_600_000).toISOString();
  const { createShowing: showing } = await ok<{ createShowing: { id: string } }>(
    'mutation ($input: CreateShowingInput!) { createShowing(input: $input) { id } }',
    { input: { movieId: createMovie.id, theaterId: createTheater.id, startsAt, price: '10.00' } },
    admin.accessToken,
  );
  return { showingId: showing.id, seatIds: createTheater.seats.map((seat) => seat.id) };
}

/** Books the next free seat of the test showing for `user`. */
async function book(user: SignedIn): Promise<{ id: string; bookingNumber: string }> {
  const seatId = freeSeatIds.shift();
  if (!seatId) throw new Error('the test theater is full');
  const data = await ok<{ bookSeats: { id: string; bookingNumber: string } }>(BOOK_SEATS, { input: { showingId, seatIds: [seatId] } }, user.accessToken);
  return data.bookSeats;
}

const placeOrder = (token: string, extra: Record<string, unknown>) =>
  stack.graphql<{ placeOrder: { id: string; total: string; user: { id: string }; booking: { id: string; bookingNumber: string } | null } }>(
    PLACE_ORDER,
    { input: { restaurantId: menu.restaurant.id, items: [{ menuItemId: menu.items[0]!.id, quantity: 1 }], ...extra } },
    token,
  );

/** Orders in food's own database, read directly: what was written, whatever the API answered. */
async function ordersOf(userId: string): Promise<number> {
  const rows = await stack.subgraphs.food?.service.orm.em.fork().getConnection().execute<{ count: number }[]>(
    'select count(*)::int as count from orders where user_id = ?',
    [userId],
  );
  return rows?.[0]?.count ?? -1;
}

beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
  admin = await signUp(stack, 'ADMIN');
  staff = await signUp(stack, 'MODERATOR');
  menu = await createTestMenu(stack, admin.accessToken);
  ({ showingId, seatIds: freeSeatIds } = await createShowing());
});
afterAll(() => stack.stop());

describe('placeOrder with a bookingId', () => {
  it('accepts the customer’s own confirmed booking, and the order resolves it through booking', async () => {
    const user = await signUp(stack);
    const booking = await book(user);
    const response = await placeOrder(user.accessToken, { bookingId: booking.id });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.placeOrder).toMatchObject({ user: { id: user.id }, booking: { id: booking.id, bookingNumber: booking.bookingNumber } });
  });

  it('answers NOT_FOUND on bookingId for someone else’s booking, and writes nothing', async () => {
    const owner = await signUp(stack);
    const other = await signUp(stack);
    const booking = await book(owner);
    const response = await placeOrder(other.accessToken, { bookingId: booking.id });
    expect(errorCodes(response)).toEqual(['NOT_FOUND']);
    expect(response.body.errors?.[0]?.extensions?.field).toBe('bookingId');
    expect(await ordersOf(other.id)).toBe(0);
  });

  it('answers NOT_FOUND to staff too: booking shows them every booking, but an order takes only their own', async () => {
    const owner = await signUp(stack);
    const booking = await book(owner);
    const response = await placeOrder(staff.accessToken, { bookingId: booking.id });
    expect(errorCodes(response)).toEqual(['NOT_FOUND']);
    expect(response.body.errors?.[0]?.extensions?.field).toBe('bookingId');
  });

  it('answers NOT_FOUND on bookingId for an id no booking has', async () => {
    const user = await signUp(stack);
    const response = await placeOrder(user.accessToken, { bookingId: UNKNOWN_ID });
    expect(errorCodes(response)).toEqual(['NOT_FOUND']);
    expect(response.body.errors?.[0]?.extensions?.field).toBe('bookingId');
  });

  it('keeps BAD_USER_INPUT for a bookingId that is not an id at all', async () => {
    const user = await signUp(stack);
    const response = await placeOrder(user.accessToken, { bookingId: 'seat 12' });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors?.[0]?.extensions?.field).toBe('bookingId');
  });

  it('answers CONFLICT for a cancelled booking, and writes nothing', async () => {
    const user = await signUp(stack);
    const booking = await book(user);
    await ok(CANCEL_BOOKING, { id: booking.id }, user.accessToken);
    const response = await placeOrder(user.accessToken, { bookingId: booking.id });
    expect(errorCodes(response)).toEqual(['CONFLICT']);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ field: 'bookingId', status: 'CANCELLED' });
    expect(await ordersOf(user.id)).toBe(0);
  });

  it('answers a retry with the same idempotencyKey with the first order, even after the booking was cancelled', async () => {
    const user = await signUp(stack);
    const booking = await book(user);
    const first = await placeOrder(user.accessToken, { bookingId: booking.id, idempotencyKey: 'seat-order-1' });
    expect(first.body.errors).toBeUndefined();
    await ok(CANCEL_BOOKING, { id: booking.id }, user.accessToken);
    const retry = await placeOrder(user.accessToken, { bookingId: booking.id, idempotencyKey: 'seat-order-1' });
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data?.placeOrder.id).toBe(first.body.data?.placeOrder.id);
    expect(await ordersOf(user.id)).toBe(1);
  });
});

// Last: it takes booking down for the rest of this file.
describe('when booking cannot be reached', () => {
  let user: SignedIn;
  let booking: { id: string };
  let firstOrderId: string | undefined;

  beforeAll(async () => {
    user = await signUp(stack);
    booking = await book(user);
    const first = await placeOrder(user.accessToken, { bookingId: booking.id, idempotencyKey: 'before-outage' });
    firstOrderId = first.body.data?.placeOrder.id;
    await stack.subgraphs.booking?.service.http.close();
  });

  it('fails placeOrder with SERVICE_UNAVAILABLE and creates no order', async () => {
    const response = await stack.graphql(
      'mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
      { input: { restaurantId: menu.restaurant.id, items: [{ menuItemId: menu.items[0]!.id, quantity: 1 }], bookingId: booking.id } },
      user.accessToken,
    );
    expect(errorCodes(response)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(response.body.errors?.[0]?.message).toMatch(/booking service could not be reached.*no order was placed/i);
    expect(await ordersOf(user.id)).toBe(1);
  });

  it('still answers a retry of an order already placed, and orders without a booking', async () => {
    const retry = await stack.graphql<{ placeOrder: { id: string } }>(
      'mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
      {
        input: {
          restaurantId: menu.restaurant.id,
          items: [{ menuItemId: menu.items[0]!.id, quantity: 1 }],
          bookingId: booking.id,
          idempotencyKey: 'before-outage',
        },
      },
      user.accessToken,
    );
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data?.placeOrder.id).toBe(firstOrderId);
    const plain = await stack.graphql('mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }', {
      input: { restaurantId: menu.restaurant.id, items: [{ menuItemId: menu.items[1]!.id, quantity: 1 }] },
    }, user.accessToken);
    expect(plain.body.errors).toBeUndefined();
    expect(await ordersOf(user.id)).toBe(2);
  });
});
