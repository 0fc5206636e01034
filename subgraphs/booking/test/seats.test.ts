import { errorCodes, startTestStack, type GraphQLResponse, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';
import { BOOK_SEATS, createScreening, ok } from './fixtures.js';

interface BookingData {
  id: string;
  bookingNumber: string;
  status: string;
  totalPrice: string;
  seats: { id: string }[];
}
type BookResponse = GraphQLResponse<{ bookSeats: BookingData }>;

const SEAT_MAP = 'query ($id: ID!) { showing(id: $id) { availableSeatCount seatMap { seat { id } available } } }';
const CANCEL = 'mutation ($id: ID!) { cancelBooking(id: $id) { id status seats { id } } }';

let stack: TestStack;
let admin: SignedIn;
let users: SignedIn[];
beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
  admin = await signUp(stack, 'ADMIN');
  users = await Promise.all([signUp(stack), signUp(stack), signUp(stack), signUp(stack)]);
});
afterAll(() => stack.stop());

const book = (showingId: string, seatIds: string[], token: string): Promise<BookResponse> =>
  stack.graphql(BOOK_SEATS, { input: { showingId, seatIds } }, token);

describe('one seat, 100 buyers at once', () => {
  it('sells it exactly once; the other 99 get CONFLICT naming the seat', async () => {
    const { theater, showing } = await createScreening(stack, admin.accessToken);
    const seatId = theater.seats[0]!.id;
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => book(showing.id, [seatId], users[i % users.length]!.accessToken)),
    );
    const won = responses.filter((r) => r.body.data?.bookSeats);
    expect(won).toHaveLength(1);
    const lost = responses.filter((r) => !r.body.data?.bookSeats);
    expect(lost).toHaveLength(99);
    for (const response of lost) {
      expect(errorCodes(response)).toEqual(['CONFLICT']);
      expect(response.body.errors?.[0]?.extensions?.seatIds).toEqual([seatId]);
    }
    const map = await ok<{ showing: { availableSeatCount: number } }>(stack, SEAT_MAP, { id: showing.id });
    expect(map.showing.availableSeatCount).toBe(theater.seats.length - 1);
  });
});

describe('the database itself', () => {
  it('refuses a second active row for one seat of one showing, whatever the application does', async () => {
    const { theater, showing } = await createScreening(stack, admin.accessToken);
    const seatId = theater.seats[0]!.id;
    const booking = await ok<{ bookSeats: BookingData }>(
      stack,
      BOOK_SEATS,
      { input: { showingId: showing.id, seatIds: [seatId] } },
      users[0]!.accessToken,
    );
    const connection = stack.subgraphs.booking!.service.orm.em.fork().getConnection();
    const insert = (active: boolean) =>
      connection.execute(
        `insert into booking_seats (id, booking_id, showing_id, seat_id, price, active) values (gen_random_uuid(), ?, ?, ?, 10, ?)`,
        [booking.bookSeats.id, showing.id, seatId, active],
      );
    await expect(insert(true)).rejects.toMatchObject({ code: '23505', constraint: 'booking_seats_active_unique' });
  });
});

describe('overlapping multi-seat requests at once', () => {
  it('never split a booking and never sell a seat twice', async () => {
    const { theater, showing } = await createScreening(stack, admin.accessToken, [{ row: 'A', seats: 8, type: 'STANDARD' }]);
    const seats = theater.seats.map((seat) => seat.id);
    // Every window of 3 neighbouring seats (wrapping), each requested 5 times, in shuffled order.
    const requests = Array.from({ length: 40 }, (_, i) => [0, 1, 2].map((k) => seats[(i + k) % seats.length]!));
    const responses = await Promise.all(
      requests.map((seatIds, i) => book(showing.id, [...seatIds].reverse(), users[i % users.length]!.accessToken)),
    );

    const sold: string[] = [];
    responses.forEach((response, i) => {
      const booking = response.body.data?.bookSeats;
      if (booking) {
        expect(booking.seats.map((s) => s.id).sort()).toEqual([...requests[i]!].sort());
        sold.push(...booking.seats.map((s) => s.id));
      } else {
        expect(errorCodes(response)).toEqual(['CONFLICT']);
        const named = response.body.errors?.[0]?.extensions?.seatIds as string[];
        expect(named.length).toBeGreaterThan(0);
        for (const id of named) expect(requests[i]).toContain(id);
      }
    });
    expect(sold.length).toBeGreaterThan(0);
    expect(new Set(sold).size).toBe(sold.length);

    const map = await ok<{ showing: { availableSeatCount: number; seatMap: { seat: { id: string }; available: boolean }[] } }>(
      stack,
      SEAT_MAP,
      { id: showing.id },
    );
    const takenOnMap = map.showing.seatMap.filter((entry) => !entry.available).map((entry) => entry.seat.id);
    expect(takenOnMap.sort()).toEqual([...sold].sort());
  });
});

describe('cancelling', () => {
  it("frees the seats: someone else can book them again, and the old booking keeps its seat list", async () => {
    const { theater, showing } = await createScreening(stack, admin.accessToken);
    const seatIds = [theater.seats[0]!.id, theater.seats[1]!.id];
    const first = await ok<{ bookSeats: BookingData }>(stack, BOOK_SEATS, { input: { showingId: showing.id, seatIds } }, users[0]!.accessToken);
    expect(errorCodes(await book(showing.id, seatIds, users[1]!.accessToken))).toEqual(['CONFLICT']);

    const cancelled = await ok<{ cancelBooking: { status: string; seats: { id: string }[] } }>(
      stack,
      CANCEL,
      { id: first.bookSeats.id },
      users[0]!.accessToken,
    );
    expect(cancelled.cancelBooking.status).toBe('CANCELLED');
    expect(cancelled.cancelBooking.seats).toHaveLength(2);

    const again = await book(showing.id, seatIds, users[1]!.accessToken);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data?.bookSeats.status).toBe('CONFIRMED');
  });

  it('is refused twice, and to other users (NOT_FOUND), but allowed to staff', async () => {
    const { theater, showing } = await createScreening(stack, admin.accessToken);
    const staff = await signUp(stack, 'MODERATOR');
    const booking = await ok<{ bookSeats: BookingData }>(
      stack,
      BOOK_SEATS,
      { input: { showingId: showing.id, seatIds: [theater.seats[0]!.id] } },
      users[0]!.accessToken,
    );
    expect(errorCodes(await stack.graphql(CANCEL, { id: booking.bookSeats.id }, users[1]!.accessToken))).toEqual(['NOT_FOUND']);
    expect((await stack.graphql(CANCEL, { id: booking.bookSeats.id }, staff.accessToken)).body.errors).toBeUndefined();
    expect(errorCodes(await stack.graphql(CANCEL, { id: booking.bookSeats.id }, users[0]!.accessToken))).toEqual(['CONFLICT']);
  });
});
