import { parseEventEnvelope, type EventEnvelope } from '@marquee/platform';
import { errorCodes, startTestStack, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';
import { waitUntil } from '../../../test/support/subscriptions.js';
import { BOOK_SEATS, createScreening, ok } from './fixtures.js';

/**
 * A live seat map's events: every booking, cancellation and refund that takes or frees seats of a
 * showing publishes `booking.showing.seats-changed` on `booking:showing:<id>:seats`, written in the
 * same transaction (booking's outbox), in order per showing; nothing for what changes no seat.
 */
let stack: TestStack;
let admin: SignedIn;
let users: SignedIn[];
const statements: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv, onQuery: (subgraph, sql) => subgraph === 'booking' && statements.push(sql) });
  admin = await signUp(stack, 'ADMIN');
  users = await Promise.all([signUp(stack), signUp(stack), signUp(stack)]);
});
afterAll(() => stack.stop());

const SEAT_MAP = 'query ($id: ID!) { showing(id: $id) { id availableSeatCount seatMap { seat { id } available } } }';
const CANCEL = 'mutation ($id: ID!) { cancelBooking(id: $id) { id status } }';
const REFUND = 'mutation ($id: ID!) { refundBooking(id: $id) { id status } }';

async function listen(showingId: string) {
  // Delivery is at least once: a copy carries the id of the original; keep first copies.
  const received: EventEnvelope[] = [];
  const stop = await stack.events.subscribe(`booking:showing:${showingId}:seats`, (message) => {
    const envelope = parseEventEnvelope(message);
    if (envelope && !received.some((seen) => seen.id === envelope.id)) received.push(envelope);
  });
  return { received, stop };
}

async function bookOk(showingId: string, seatIds: string[], token: string): Promise<string> {
  const data = await ok<{ bookSeats: { id: string } }>(stack, BOOK_SEATS, { input: { showingId, seatIds } }, token);
  return data.bookSeats.id;
}

/** Outbox rows about one showing, straight from booking's database. */
async function outboxRowsOf(showingId: string): Promise<number> {
  const em = stack.subgraphs.booking!.service.orm.em.fork();
  const rows = await em.execute<{ count: string }[]>('select count(*) from outbox_events where entity_id = ?', [showingId]);
  return Number(rows[0]?.count);
}

const sorted = (ids: string[]) => [...ids].sort();

it('publishes booked, cancelled and refunded seats of a showing in the contract envelope, in order', async () => {
  const { theater, showing } = await createScreening(stack, admin.accessToken);
  const events = await listen(showing.id);
  const [a, b, c] = theater.seats.map((seat) => seat.id);

  const first = await bookOk(showing.id, [b!, a!], users[0]!.accessToken);
  const second = await bookOk(showing.id, [c!], users[1]!.accessToken);
  expect((await stack.graphql(CANCEL, { id: first }, users[0]!.accessToken)).body.errors).toBeUndefined();
  expect((await stack.graphql(REFUND, { id: second }, admin.accessToken)).body.errors).toBeUndefined();

  await waitUntil(() => events.received.length === 4, 'four seat events', 30_000);
  expect(events.received[0]).toEqual({
    id: expect.any(String),
    type: 'booking.showing.seats-changed',
    entityId: showing.id,
    sequence: expect.any(Number),
    occurredAt: expect.any(String),
    data: { showingId: showing.id, seatIds: sorted([a!, b!]), available: false, change: 'BOOKED' },
  });
  expect(events.received.map((event) => event.data)).toEqual([
    { showingId: showing.id, seatIds: sorted([a!, b!]), available: false, change: 'BOOKED' },
    { showingId: showing.id, seatIds: [c], available: false, change: 'BOOKED' },
    { showingId: showing.id, seatIds: sorted([a!, b!]), available: true, change: 'CANCELLED' },
    { showingId: showing.id, seatIds: [c], available: true, change: 'REFUNDED' },
  ]);
  const sequences = events.received.map((event) => event.sequence);
  expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
  // No user or booking in a seat event: anyone who may see the showing may follow it.
  expect(JSON.stringify(events.received)).not.toContain(users[0]!.id);
  expect(JSON.stringify(events.received)).not.toContain(first);
  await events.stop();
});

it('writes no event when no seat changes: a refused booking, or refunding a cancelled one', async () => {
  const { theater, showing } = await createScreening(stack, admin.accessToken);
  const seat = theater.seats[0]!.id;
  const booking = await bookOk(showing.id, [seat], users[0]!.accessToken);
  const taken = await stack.graphql(BOOK_SEATS, { input: { showingId: showing.id, seatIds: [seat] } }, users[1]!.accessToken);
  expect(errorCodes(taken)).toEqual(['CONFLICT']);
  expect(await outboxRowsOf(showing.id)).toBe(1);

  await ok(stack, CANCEL, { id: booking }, users[0]!.accessToken);
  expect(await outboxRowsOf(showing.id)).toBe(2);
  // Cancelling freed the seat already; the refund changes money, not seats.
  await ok(stack, REFUND, { id: booking }, admin.accessToken);
  expect(await outboxRowsOf(showing.id)).toBe(2);
});

it('orders concurrent bookings of one showing so that the last event shows every seat taken', async () => {
  const rows = [{ row: 'A', seats: 12, type: 'STANDARD' as const }];
  const { theater, showing } = await createScreening(stack, admin.accessToken, rows);
  const events = await listen(showing.id);
  // Twelve bookings of different seats at once: nothing but the outbox orders them.
  await Promise.all(theater.seats.map((seat, index) => bookOk(showing.id, [seat.id], users[index % users.length]!.accessToken)));

  await waitUntil(() => events.received.length === theater.seats.length, 'one event per booking', 30_000);
  const sequences = events.received.map((event) => event.sequence);
  expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
  expect(sorted(events.received.flatMap((event) => event.data.seatIds as string[]))).toEqual(sorted(theater.seats.map((seat) => seat.id)));

  // What a subscriber looks up on the last event: the seat map with every seat taken.
  const map = await ok<{ showing: { availableSeatCount: number; seatMap: { available: boolean }[] } }>(stack, SEAT_MAP, { id: showing.id });
  expect(map.showing.availableSeatCount).toBe(0);
  expect(map.showing.seatMap.every((entry) => !entry.available)).toBe(true);
  await events.stop();
});

it("answers a showing's seat map, the live seat map's lookup, in the same few statements however many seats are sold", async () => {
  const rows = [
    { row: 'A', seats: 10, type: 'STANDARD' as const },
    { row: 'B', seats: 10, type: 'PREMIUM' as const },
  ];
  const { theater, showing } = await createScreening(stack, admin.accessToken, rows);
  const lookup = async () => {
    statements.length = 0;
    await ok(stack, SEAT_MAP, { id: showing.id });
    return statements.length;
  };
  const empty = await lookup();
  await bookOk(showing.id, theater.seats.slice(0, 10).map((seat) => seat.id), users[0]!.accessToken);
  await bookOk(showing.id, theater.seats.slice(10, 20).map((seat) => seat.id), users[1]!.accessToken);
  expect(await lookup()).toBe(empty);
  // The showing, its theater's seats, the seats taken.
  expect(empty).toBeLessThanOrEqual(3);
});
