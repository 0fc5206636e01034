import { orderChannels } from '@marquee/platform';
import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../test/support/users.js';
import { createTestMenu, moveOrder, placeTestOrder, type TestMenu } from '../../test/support/food.js';
import { connect, listening, subscribe } from '../../test/support/subscriptions.js';

let stack: TestStack;
let admin: SignedIn;
let staff: SignedIn;
let menu: TestMenu;

beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
  admin = await signUp(stack, 'ADMIN');
  staff = await signUp(stack, 'MODERATOR');
  menu = await createTestMenu(stack, admin.accessToken, 'Seat-side Kitchen');
});
afterAll(() => stack.stop());

async function data<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const response = await stack.graphql<T>(query, variables, token);
  if (!response.body.data || response.body.errors) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data;
}

/** A booking of one seat, by `user`, for a showing of "The Federated Reel". */
async function bookASeat(user: SignedIn): Promise<{ id: string; bookingNumber: string }> {
  const { createTheater: theater } = await data<{ createTheater: { id: string; seats: { id: string }[] } }>(
    'mutation ($input: CreateTheaterInput!) { createTheater(input: $input) { id seats { id } } }',
    { input: { name: 'Screen 1', address: '1 Projector Street', rows: [{ row: 'A', seats: 2, type: 'STANDARD' }] } },
    admin.accessToken,
  );
  const { createMovie: movie } = await data<{ createMovie: { id: string } }>(
    'mutation ($input: CreateMovieInput!) { createMovie(input: $input) { id } }',
    { input: { title: 'The Federated Reel', durationMinutes: 100, genre: 'Drama' } },
    admin.accessToken,
  );
  const { createShowing: showing } = await data<{ createShowing: { id: string } }>(
    'mutation ($input: CreateShowingInput!) { createShowing(input: $input) { id } }',
    { input: { movieId: movie.id, theaterId: theater.id, startsAt: new Date(Date.now() + 86_400_000).toISOString(), price: '10.00' } },
    admin.accessToken,
  );
  const { bookSeats } = await data<{ bookSeats: { id: string; bookingNumber: string } }>(
    'mutation ($input: BookSeatsInput!) { bookSeats(input: $input) { id bookingNumber } }',
    { input: { showingId: showing.id, seatIds: [theater.seats[0]!.id] } },
    user.accessToken,
  );
  return bookSeats;
}

it('orderUpdated delivers the booking the order goes to, resolved by the booking subgraph', async () => {
  const owner = await signUp(stack, 'USER', 'Bea Booked');
  const booking = await bookASeat(owner);
  const placed = await placeTestOrder(stack, owner.accessToken, menu, { bookingId: booking.id });
  const client = connect(stack, owner.accessToken);
  try {
    const live = subscribe(
      client,
      `subscription ($id: ID!) {
        orderUpdated(orderId: $id) {
          status total user { name email } restaurant { name } lines { name quantity }
          booking { bookingNumber showing { movie { title } } }
        }
      }`,
      { id: placed.id },
    );
    await listening(stack.events, orderChannels.order(placed.id));
    await moveOrder(stack, staff.accessToken, placed.id, 'CONFIRMED');
    expect(await live.next()).toEqual({
      data: {
        orderUpdated: {
          status: 'CONFIRMED',
          total: '12.25',
          user: { name: 'Bea Booked', email: owner.email },
          restaurant: { name: 'Seat-side Kitchen' },
          lines: [
            { name: 'Popcorn', quantity: 2 },
            { name: 'Cola', quantity: 1 },
          ],
          booking: { bookingNumber: booking.bookingNumber, showing: { movie: { title: 'The Federated Reel' } } },
        },
      },
    });
  } finally {
    await client.dispose();
  }
});

it('an order without a booking has booking null', async () => {
  const owner = await signUp(stack);
  const placed = await placeTestOrder(stack, owner.accessToken, menu);
  const read = await data<{ order: { booking: unknown } }>('query ($id: ID!) { order(id: $id) { booking { id } } }', { id: placed.id }, owner.accessToken);
  expect(read.order.booking).toBeNull();
});
