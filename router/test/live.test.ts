import { randomUUID } from 'node:crypto';
import { orderChannels } from '@marquee/platform';
import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../test/support/users.js';
import { createTestMenu, moveOrder, placeTestOrder, type TestMenu } from '../../test/support/food.js';
import { connect, errorCode, listening, signShortLivedToken, subscribe, waitUntil } from '../../test/support/subscriptions.js';

/**
 * Cohorts, batching, deduplication and revocation of the generic live subscriptions: what the
 * router does with the `@live` declarations of the subgraphs (docs/adr/0010-live-subscriptions.md).
 * A batch closes at 4 events or after 300 ms, so the batching test is exact, not timed.
 * All owners' events of one selection share a batch (SUBSCRIPTION_USER_BATCH_SHARDS=1).
 */
let stack: TestStack;
let admin: SignedIn;
let staff: SignedIn;
let menu: TestMenu;
const clients: { dispose(): void | Promise<void> }[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    env: {
      ...superAdminEnv,
      SUBSCRIPTION_BATCH_WINDOW_MS: '300',
      SUBSCRIPTION_BATCH_MAX_EVENTS: '4',
      // Every owner's events share one batch per selection, so the tests below know who is batched.
      SUBSCRIPTION_USER_BATCH_SHARDS: '1',
      FOOD_ORDER_RATE_LIMIT: '1000',
    },
  });
  admin = await signUp(stack, 'ADMIN');
  staff = await signUp(stack, 'MODERATOR');
  menu = await createTestMenu(stack, admin.accessToken, 'Cohort Kitchen');
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
const stats = () => stack.router.subscriptions.stats();

/** An event envelope as the publishers send it (CONTRACTS.md §1). */
const envelope = (entityId: string, extra: { id?: string; sequence?: number; occurredAt?: Date } = {}) =>
  JSON.stringify({ id: extra.id ?? randomUUID(), type: 'test.event', entityId, sequence: extra.sequence, occurredAt: (extra.occurredAt ?? new Date()).toISOString(), data: {} });

const RESTAURANT_SCREEN = 'subscription ($id: ID!) { restaurantOrderUpdates(restaurantId: $id) { id status user { name email } } }';

describe('cohorts', () => {
  it('resolves an event once per cohort and writes the same payload to every screen in it', async () => {
    const kitchen = await createTestMenu(stack, admin.accessToken, 'Busy Kitchen');
    const customer = await signUp(stack, 'USER', 'Cora Cohort');
    const before = stats();
    const screens = [client(staff.accessToken), client(staff.accessToken), client(staff.accessToken)].map((socket) =>
      subscribe<{ restaurantOrderUpdates: { id: string } }>(socket, RESTAURANT_SCREEN, { id: kitchen.restaurant.id }),
    );
    const adminScreen = subscribe(client(admin.accessToken), RESTAURANT_SCREEN, { id: kitchen.restaurant.id });
    // Three MODERATOR screens share one cohort; the ADMIN's role is another scope.
    await listening(stack.events, orderChannels.restaurant(kitchen.restaurant.id), 2);
    await waitUntil(() => stats().subscribers === before.subscribers + 4, 'four subscribers');
    expect(stats().cohorts - before.cohorts).toBe(2);

    const placed = await placeTestOrder(stack, customer.accessToken, kitchen);
    const expected = { data: { restaurantOrderUpdates: { id: placed.id, status: 'PENDING', user: { name: 'Cora Cohort', email: customer.email } } } };
    for (const screen of [...screens, adminScreen]) expect(await screen.next()).toEqual(expected);
    // One gateway operation per cohort, not per screen.
    expect(stats().resolutions - before.resolutions).toBe(2);
  });

  it('never gives a subscriber a payload resolved for another scope: owner, staff, stranger, another user', async () => {
    const owner = await signUp(stack, 'USER', 'Olive Owner');
    const other = await signUp(stack, 'USER', 'Otto Other');
    const stranger = await signUp(stack, 'USER', 'Stan Stranger');
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    const watch = 'subscription ($id: ID!) { orderUpdated(orderId: $id) { id user { name email } } }';
    const mine = 'subscription { myOrderUpdates { id user { name email } } }';
    const ownerWatch = subscribe<{ orderUpdated: unknown }>(client(owner.accessToken), watch, { id: placed.id });
    const staffWatch = subscribe<{ orderUpdated: unknown }>(client(staff.accessToken), watch, { id: placed.id });
    const strangerWatch = subscribe(client(stranger.accessToken), watch, { id: placed.id });
    const ownerMine = subscribe<{ myOrderUpdates: unknown }>(client(owner.accessToken), mine);
    const otherMine = subscribe<{ myOrderUpdates: unknown }>(client(other.accessToken), mine);
    expect(errorCode(await strangerWatch.ended)).toBe('NOT_FOUND');
    await listening(stack.events, orderChannels.order(placed.id), 2);
    await listening(stack.events, orderChannels.user(owner.id));
    await listening(stack.events, orderChannels.user(other.id));

    await moveOrder(stack, staff.accessToken, placed.id, 'CONFIRMED');
    const otherOrder = await placeTestOrder(stack, other.accessToken, menu);
    const ownerView = { id: placed.id, user: { name: 'Olive Owner', email: owner.email } };
    expect(await ownerWatch.next()).toEqual({ data: { orderUpdated: ownerView } });
    expect(await staffWatch.next()).toEqual({ data: { orderUpdated: ownerView } });
    expect(await ownerMine.next()).toEqual({ data: { myOrderUpdates: ownerView } });
    // Same document and variables, another user: their own order and email, never the owner's.
    expect(await otherMine.next()).toEqual({ data: { myOrderUpdates: { id: otherOrder.id, user: { name: 'Otto Other', email: other.email } } } });
    expect(strangerWatch.received).toEqual([]);
    expect(otherMine.received).toHaveLength(1);
  });
});

describe('batching', () => {
  it('resolves events that arrive together in one gateway operation, each delivered in order', async () => {
    const kitchen = await createTestMenu(stack, admin.accessToken, 'Batch Kitchen');
    const customer = await signUp(stack);
    const orders = [];
    for (let n = 0; n < 4; n += 1) orders.push(await placeTestOrder(stack, customer.accessToken, kitchen));
    const channel = orderChannels.restaurant(kitchen.restaurant.id);
    const screen = subscribe<{ restaurantOrderUpdates: { id: string } }>(client(staff.accessToken), RESTAURANT_SCREEN, { id: kitchen.restaurant.id });
    await listening(stack.events, channel);
    const before = stats();
    await Promise.all(orders.map((order) => stack.events.publish(channel, envelope(order.id))));
    const seen = [];
    for (let n = 0; n < 4; n += 1) seen.push((await screen.next()).data?.restaurantOrderUpdates.id);
    expect(seen).toEqual(orders.map((order) => order.id));
    expect(stats().resolutions - before.resolutions).toBe(1);
  });

  it('splits a batch the operation limits refuse, so every event still arrives', async () => {
    const kitchen = await createTestMenu(stack, admin.accessToken, 'Verbose Kitchen');
    const customer = await signUp(stack);
    const orders = [];
    for (let n = 0; n < 4; n += 1) orders.push(await placeTestOrder(stack, customer.accessToken, kitchen));
    const channel = orderChannels.restaurant(kitchen.restaurant.id);
    // About 310 tokens: accepted alone, but four of them in one batch pass the 1,000-token limit.
    const verbose = `subscription ($id: ID!) { restaurantOrderUpdates(restaurantId: $id) { ${'id '.repeat(300)} } }`;
    const screen = subscribe<{ restaurantOrderUpdates: { id: string } }>(client(staff.accessToken), verbose, { id: kitchen.restaurant.id });
    await listening(stack.events, channel);
    const before = stats();
    await Promise.all(orders.map((order) => stack.events.publish(channel, envelope(order.id))));
    const seen = [];
    for (let n = 0; n < 4; n += 1) seen.push(await screen.next());
    expect(seen).toEqual(orders.map((order) => ({ data: { restaurantOrderUpdates: { id: order.id } } })));
    // Refused once as a whole, then two halves.
    expect(stats().resolutions - before.resolutions).toBe(3);
  });
});

describe("many owners' events in one operation (ADR 0029)", () => {
  const MINE = 'subscription { myOrderUpdates { id status } }';

  it('resolves each owner\'s event as that owner, in one gateway operation, and a misrouted order as nobody but its channel\'s owner', async () => {
    const [ada, ben, cy] = await Promise.all([signUp(stack), signUp(stack), signUp(stack)]);
    const [adaOrder, benOrder, cyOrder] = await Promise.all([ada, ben, cy].map((owner) => placeTestOrder(stack, owner.accessToken, menu)));
    const [adaLive, benLive, cyLive] = [ada, ben, cy].map((owner) => subscribe<{ myOrderUpdates: { id: string } }>(client(owner.accessToken), MINE));
    for (const owner of [ada, ben, cy]) await listening(stack.events, orderChannels.user(owner.id));
    const before = stats();
    // Ben's order on Ada's channel first: resolved as Ada, it is no order of hers, so she gets nothing for it.
    await stack.events.publish(orderChannels.user(ada.id), envelope(benOrder!.id));
    await stack.events.publish(orderChannels.user(ada.id), envelope(adaOrder!.id));
    await stack.events.publish(orderChannels.user(ben.id), envelope(benOrder!.id));
    await stack.events.publish(orderChannels.user(cy.id), envelope(cyOrder!.id));
    const view = (order: { id: string }) => ({ data: { myOrderUpdates: { id: order.id, status: 'PENDING' } } });
    expect(await adaLive!.next()).toEqual(view(adaOrder!));
    expect(await benLive!.next()).toEqual(view(benOrder!));
    expect(await cyLive!.next()).toEqual(view(cyOrder!));
    // Four events of three owners, one operation.
    expect(stats().resolutions - before.resolutions).toBe(1);
    expect(stats().resolvedEvents - before.resolvedEvents).toBe(4);
    // Nothing else is on its way to Ada: her next payload is the next event's.
    await stack.events.publish(orderChannels.user(ada.id), envelope(adaOrder!.id));
    expect(await adaLive!.next()).toEqual(view(adaOrder!));
    expect(adaLive!.received).toHaveLength(2);
  });

  it('resolves per owner a selection another subgraph takes part in, and remembers it', async () => {
    const [dee, eli] = await Promise.all([signUp(stack, 'USER', 'Dee Owner'), signUp(stack, 'USER', 'Eli Owner')]);
    const [deeOrder, eliOrder] = await Promise.all([dee, eli].map((owner) => placeTestOrder(stack, owner.accessToken, menu)));
    // A selection no other test uses, so no earlier batch has taught the router about it.
    const withUser = 'subscription { myOrderUpdates { id user { email name } } }';
    const [deeLive, eliLive] = [dee, eli].map((owner) => subscribe<{ myOrderUpdates: unknown }>(client(owner.accessToken), withUser));
    for (const owner of [dee, eli]) await listening(stack.events, orderChannels.user(owner.id));
    const publishBoth = () =>
      Promise.all([
        stack.events.publish(orderChannels.user(dee.id), envelope(deeOrder!.id)),
        stack.events.publish(orderChannels.user(eli.id), envelope(eliOrder!.id)),
      ]);
    const expectOwnViews = async () => {
      expect(await deeLive!.next()).toEqual({ data: { myOrderUpdates: { id: deeOrder!.id, user: { email: dee.email, name: 'Dee Owner' } } } });
      expect(await eliLive!.next()).toEqual({ data: { myOrderUpdates: { id: eliOrder!.id, user: { email: eli.email, name: 'Eli Owner' } } } });
    };
    let before = stats();
    await publishBoth();
    await expectOwnViews();
    // The gateway refused the batch (auth's entity fetch cannot tell the owners apart): one per owner.
    expect(stats().resolutions - before.resolutions).toBe(3);
    before = stats();
    await publishBoth();
    await expectOwnViews();
    expect(stats().resolutions - before.resolutions).toBe(2);
  });
});

describe('deduplication and order', () => {
  it('drops an event id seen before and an event older than one already delivered for its entity', async () => {
    const owner = await signUp(stack);
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    const marker = await placeTestOrder(stack, owner.accessToken, menu);
    const live = subscribe<{ orderUpdated: { id: string } }>(client(owner.accessToken), 'subscription ($id: ID!) { orderUpdated(orderId: $id) { id } }', { id: placed.id });
    const channel = orderChannels.order(placed.id);
    await listening(stack.events, channel);
    const next = async () => (await live.next()).data?.orderUpdated.id;
    const id = randomUUID();
    await stack.events.publish(channel, envelope(placed.id, { id, sequence: 5 }));
    expect(await next()).toBe(placed.id);
    // Another entity on the same channel keeps its own sequence: the marker shows what got through.
    await stack.events.publish(channel, envelope(placed.id, { id, sequence: 5 })); // redelivered
    await stack.events.publish(channel, envelope(placed.id, { sequence: 4 })); // stale
    await stack.events.publish(channel, envelope(marker.id, { sequence: 1 }));
    expect(await next()).toBe(marker.id);
    await stack.events.publish(channel, envelope(placed.id, { sequence: 6 }));
    await stack.events.publish(channel, envelope(marker.id, { sequence: 2 }));
    expect([await next(), await next()]).toEqual([placed.id, marker.id]);
    expect(live.received).toHaveLength(4);
  });

  it('conflates events of one entity resolved together: one payload with the latest state, in order', async () => {
    const owner = await signUp(stack);
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    const marker = await placeTestOrder(stack, owner.accessToken, menu);
    const live = subscribe<{ orderUpdated: { id: string } }>(client(owner.accessToken), 'subscription ($id: ID!) { orderUpdated(orderId: $id) { id } }', { id: placed.id });
    const channel = orderChannels.order(placed.id);
    await listening(stack.events, channel);
    const before = stats();
    // Four events close the batch at once (SUBSCRIPTION_BATCH_MAX_EVENTS=4): one operation.
    for (const entity of [placed, placed, marker, placed]) await stack.events.publish(channel, envelope(entity.id));
    const ids = [(await live.next()).data?.orderUpdated.id, (await live.next()).data?.orderUpdated.id];
    expect(ids).toEqual([marker.id, placed.id]);
    expect(stats().resolutions - before.resolutions).toBe(1);
    // Nothing else is on its way: the next event's payload is the next one received.
    await stack.events.publish(channel, envelope(marker.id));
    expect((await live.next()).data?.orderUpdated.id).toBe(marker.id);
    expect(live.received).toHaveLength(3);
  });
});

describe('changes shown already', () => {
  it('sends nothing for a late event whose change an earlier payload already showed, but answers every newer event', async () => {
    const owner = await signUp(stack);
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    const marker = await placeTestOrder(stack, owner.accessToken, menu);
    const live = subscribe<{ orderUpdated: { id: string; status: string } }>(client(owner.accessToken), 'subscription ($id: ID!) { orderUpdated(orderId: $id) { id status } }', { id: placed.id });
    const channel = orderChannels.order(placed.id);
    await listening(stack.events, channel);
    const next = async () => (await live.next()).data?.orderUpdated.id;
    const before = Date.now();
    await stack.events.publish(channel, envelope(placed.id));
    expect(await next()).toBe(placed.id);
    // An event that occurred before that payload was resolved (it arrived late): same state, not sent.
    await stack.events.publish(channel, envelope(placed.id, { occurredAt: new Date(before - 1_000) }));
    await stack.events.publish(channel, envelope(marker.id));
    expect(await next()).toBe(marker.id);
    // An event newer than the last payload always gets one, even when nothing it shows has changed.
    await stack.events.publish(channel, envelope(placed.id));
    expect(await next()).toBe(placed.id);
    expect(live.received.map((payload) => payload.data?.orderUpdated.id)).toEqual([placed.id, marker.id, placed.id]);
  });
});

describe('a live field the router knows nothing about: the seat map', () => {
  const SEATS = 'subscription ($id: ID!) { showingSeatsUpdated(showingId: $id) { id availableSeatCount seatMap { seat { id row number } available } } }';

  it('pushes the showing with its new seat map to anyone who may see it when seats are booked, one cohort for all', async () => {
    const theater = await stack.graphql<{ createTheater: { id: string; seats: { id: string }[] } }>(
      'mutation ($input: CreateTheaterInput!) { createTheater(input: $input) { id seats { id } } }',
      { input: { name: 'Live Screen', address: '2 Projector Street', rows: [{ row: 'A', seats: 3, type: 'STANDARD' }] } },
      admin.accessToken,
    );
    const movie = await stack.graphql<{ createMovie: { id: string } }>(
      'mutation ($input: CreateMovieInput!) { createMovie(input: $input) { id } }',
      { input: { title: 'Seats in Motion', durationMinutes: 90, genre: 'Drama' } },
      admin.accessToken,
    );
    const showing = await stack.graphql<{ createShowing: { id: string } }>(
      'mutation ($input: CreateShowingInput!) { createShowing(input: $input) { id } }',
      { input: { movieId: movie.body.data!.createMovie.id, theaterId: theater.body.data!.createTheater.id, startsAt: new Date(Date.now() + 86_400_000).toISOString(), price: '9.00' } },
      admin.accessToken,
    );
    const showingId = showing.body.data!.createShowing.id;
    const seats = theater.body.data!.createTheater.seats;
    const viewer = await signUp(stack);
    const before = stats();
    type SeatMap = { showingSeatsUpdated: { id: string; availableSeatCount: number; seatMap: { seat: { id: string }; available: boolean }[] } };
    const anonymous = subscribe<SeatMap>(client(), SEATS, { id: showingId });
    const signedIn = subscribe<SeatMap>(client(viewer.accessToken), SEATS, { id: showingId });
    const channel = `booking:showing:${showingId}:seats`;
    await listening(stack.events, channel);
    await waitUntil(() => stats().subscribers === before.subscribers + 2, 'both viewers');
    expect(stats().cohorts - before.cohorts).toBe(1);

    const booked = await stack.graphql('mutation ($input: BookSeatsInput!) { bookSeats(input: $input) { id } }', { input: { showingId, seatIds: [seats[0]!.id] } }, viewer.accessToken);
    // Booking writes the seat event with the booking (outbox) and its relay publishes it: no router change.
    expect(booked.body.errors).toBeUndefined();
    for (const live of [anonymous, signedIn]) {
      const { showingSeatsUpdated } = (await live.next()).data!;
      expect(showingSeatsUpdated.availableSeatCount).toBe(2);
      expect(showingSeatsUpdated.seatMap.find((entry) => entry.seat.id === seats[0]!.id)?.available).toBe(false);
    }
    expect(anonymous.received[0]).toEqual(signedIn.received[0]);
  });

  it('refuses a showing that does not exist with NOT_FOUND', async () => {
    expect(errorCode(await subscribe(client(), SEATS, { id: randomUUID() }).ended)).toBe('NOT_FOUND');
  });
});

describe('token revocation', () => {
  it("ends that user's subscriptions with UNAUTHENTICATED, leaving other users' alone", async () => {
    const revokedUser = await signUp(stack);
    const keptUser = await signUp(stack);
    const revokedToken = await signShortLivedToken(stack, { id: revokedUser.id, role: 'USER' }, 600);
    const revokedLive = subscribe(client(revokedToken), 'subscription { myOrderUpdates { id } }');
    const keptLive = subscribe<{ myOrderUpdates: { id: string } }>(client(keptUser.accessToken), 'subscription { myOrderUpdates { id } }');
    await listening(stack.events, orderChannels.user(revokedUser.id));
    await listening(stack.events, orderChannels.user(keptUser.id));

    await stack.events.publish('auth:tokens-revoked', JSON.stringify({ userId: revokedUser.id, notBefore: Math.floor(Date.now() / 1000) + 1 }));
    expect(errorCode(await revokedLive.ended)).toBe('UNAUTHENTICATED');
    await waitUntil(() => stack.events.listenerCount(orderChannels.user(revokedUser.id)) === 0, 'the revoked subscription to let go');

    const placed = await placeTestOrder(stack, keptUser.accessToken, menu);
    expect((await keptLive.next()).data?.myOrderUpdates.id).toBe(placed.id);
  });
});
