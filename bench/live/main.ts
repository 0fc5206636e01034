/**
 * `npm run bench -- subscriptions`: live updates at scale (issue 8). The router and the five
 * subgraphs run as separate processes (bench/cluster.ts), the subscribers in another one
 * (bench/live/subscriber-process.ts), the mutations from this one. Scenarios:
 *  (a) 1,000 staff screens on one restaurant's restaurantOrderUpdates, 20 order changes/s for 30 s;
 *  (b) 10,000 connections: 9,000 customers on myOrderUpdates + 50 restaurants x 20 staff screens,
 *      200 order changes/s for 30 s;
 *  (c) 2,000 viewers of one showing's seat map while 20 bookings/s land (10 s: 200 seats).
 * Reports commit-to-receipt p50/p99/max, deliveries lost, router CPU and RSS, and a plain query's
 * latency meanwhile; writes its section of bench/REPORT.md. `--only=a,b,c` picks scenarios.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startCluster, type Cluster } from '../cluster.js';
import { inParallel, loginDemoUsers, type Tokens } from '../fixtures.js';
import { must } from '../graphql-client.js';
import { writeReportSections } from '../report-file.js';
import { AUTH_SIGNING_KEY, registeredAccounts, signToken } from './accounts.js';
import { runScenario } from './measure.js';
import { render, type ScenarioResult } from './report.js';
import type { Subscription } from './subscriber-process.js';

const REPORT_PATH = fileURLToPath(new URL('../REPORT.md', import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);
const only = (process.argv.find((arg) => arg.startsWith('--only='))?.slice(7) ?? 'a,b,c').split(',');
/** `--scale=0.05`: a quick smoke run with that fraction of the connections and changes (not for the report). */
const scale = Number(process.argv.find((arg) => arg.startsWith('--scale='))?.slice(8) ?? '1');
const scaled = (count: number, minimum = 1) => Math.max(minimum, Math.round(count * scale));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** `--profile=router,subscribers`: V8 CPU profiles of those processes into bench/profiles/ (not for the report). */
const profiled = (process.argv.find((arg) => arg.startsWith('--profile='))?.slice(10) ?? '').split(',').filter(Boolean);
const PROFILE_DIR = fileURLToPath(new URL('../profiles/', import.meta.url));
const profileArgs = (name: string) => (profiled.includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []);

/** Router settings for the run: limits raised above what one bench address and user send. */
const ROUTER_ENV = {
  WS_MAX_CONNECTIONS_PER_USER: '100000',
  WS_MAX_CONNECTIONS_PER_ADDRESS: '100000',
  WS_SUBSCRIBE_RATE_PER_MINUTE: '0',
};

const UPDATE = 'mutation ($id: ID!, $status: OrderStatus!) { updateOrderStatus(id: $id, status: $status) { id status updatedAt } }';
const PATH = ['CONFIRMED', 'PREPARING', 'READY', 'DELIVERED'];
const PLACE = 'mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id status updatedAt } }';

async function createKitchen(routerUrl: string, adminToken: string, index: number): Promise<{ restaurantId: string; menuItemId: string }> {
  const mutate = <T>(query: string, input: Record<string, unknown>) => must<T>(routerUrl, { query, variables: { input }, token: adminToken });
  const { createRestaurant } = await mutate<{ createRestaurant: { id: string } }>('mutation ($input: CreateRestaurantInput!) { createRestaurant(input: $input) { id } }', {
    name: `Live Kitchen ${index}`,
    address: `${index} Live Street`,
  });
  const { createMenuItem } = await mutate<{ createMenuItem: { id: string } }>('mutation ($input: CreateMenuItemInput!) { createMenuItem(input: $input) { id } }', {
    restaurantId: createRestaurant.id,
    name: 'Popcorn',
    price: '4.50',
  });
  return { restaurantId: createRestaurant.id, menuItemId: createMenuItem.id };
}

async function placeOrders(routerUrl: string, owners: { token: string }[], kitchen: (index: number) => { restaurantId: string; menuItemId: string }): Promise<string[]> {
  return inParallel(owners.length, 8, async (index) => {
    const { restaurantId, menuItemId } = kitchen(index);
    const { placeOrder } = await must<{ placeOrder: { id: string } }>(routerUrl, {
      query: PLACE,
      variables: { input: { restaurantId, items: [{ menuItemId, quantity: 1 }] } },
      token: owners[index]!.token,
    });
    return placeOrder.id;
  });
}

// ---------- scenarios ----------
const ORDER_SCREEN = 'subscription ($id: ID!) { restaurantOrderUpdates(restaurantId: $id) { id status updatedAt total restaurant { name } user { name } } }';

async function scenarioA(cluster: Cluster, tokens: Tokens): Promise<ScenarioResult> {
  const { routerUrl } = cluster;
  const kitchen = await createKitchen(routerUrl, tokens.admin, 0);
  const orderCount = scaled(150, 5);
  const orders = await placeOrders(routerUrl, Array.from({ length: orderCount + 1 }, () => ({ token: tokens.user })), () => kitchen);
  const staff = await Promise.all(Array.from({ length: scaled(1000) }, () => signToken('MODERATOR')));
  const warmOrder = orders.pop()!;
  return runScenario(cluster, profileArgs('subscribers'), {
    name: '(a) 1,000 staff screens, one restaurant, 20 changes/s',
    subscriptions: staff.map(({ token }) => ({ token, query: ORDER_SCREEN, variables: { id: kitchen.restaurantId } })),
    keyKind: 'order',
    warmUp: { expected: staff.length, change: () => must(routerUrl, { query: UPDATE, variables: { id: warmOrder, status: 'CONFIRMED' }, token: tokens.staff }).then(() => {}) },
    changes: orderCount * PATH.length,
    perSecond: 20,
    // Order i's k-th step: one order's steps are orderCount changes (7.5 s) apart.
    change: async (index, commitTimes) => {
      const order = orders[index % orderCount]!;
      const status = PATH[Math.floor(index / orderCount)]!;
      const { updateOrderStatus } = await must<{ updateOrderStatus: { id: string; status: string; updatedAt: string } }>(routerUrl, {
        query: UPDATE,
        variables: { id: order, status },
        token: tokens.staff,
      });
      commitTimes[`${updateOrderStatus.id}:${updateOrderStatus.status}`] = Date.parse(updateOrderStatus.updatedAt);
    },
    perChange: staff.length,
    notes: 'selection `id status updatedAt total restaurant { name } user { name } }` (auth resolves user); 1,000 MODERATOR tokens of distinct users',
  });
}

async function scenarioB(cluster: Cluster, tokens: Tokens): Promise<ScenarioResult> {
  const { routerUrl } = cluster;
  log('  (b): 50 restaurants, 9,000 customers, 1,500 orders');
  const kitchens = await inParallel(51, 4, (index) => createKitchen(routerUrl, tokens.admin, 100 + index));
  const warmKitchen = kitchens.pop()!;
  // Staff screens show each order's `user { name }`: the customers exist in auth.
  const customers = await registeredAccounts(cluster, 'USER', scaled(9000, 60));
  const orderCount = scaled(1500, 50);
  const orders = await placeOrders(routerUrl, customers.slice(0, orderCount), (index) => kitchens[index % kitchens.length]!);
  const [warmOrder] = await placeOrders(routerUrl, [customers[orderCount]!], () => warmKitchen);
  const staffPerKitchen = scaled(20);
  const staff = await Promise.all(Array.from({ length: staffPerKitchen * kitchens.length }, () => signToken('MODERATOR')));
  const mine = 'subscription { myOrderUpdates { id status updatedAt total restaurant { name } } }';
  const subscriptions: Subscription[] = [
    ...customers.map(({ token }) => ({ token, query: mine })),
    ...staff.map(({ token }, index) => ({ token, query: ORDER_SCREEN, variables: { id: kitchens[index % kitchens.length]!.restaurantId } })),
  ];
  return runScenario(cluster, profileArgs('subscribers'), {
    name: '(b) 10,000 connections: 9,000 myOrderUpdates + 50 restaurants x 20 staff, 200 changes/s',
    subscriptions,
    keyKind: 'order',
    warmUp: { expected: 1, change: () => must(routerUrl, { query: UPDATE, variables: { id: warmOrder, status: 'CONFIRMED' }, token: tokens.staff }).then(() => {}) },
    changes: orderCount * PATH.length,
    perSecond: 200,
    change: async (index, commitTimes) => {
      const order = orders[index % orderCount]!;
      const status = PATH[Math.floor(index / orderCount)]!;
      const { updateOrderStatus } = await must<{ updateOrderStatus: { id: string; status: string; updatedAt: string } }>(routerUrl, {
        query: UPDATE,
        variables: { id: order, status },
        token: tokens.staff,
      });
      commitTimes[`${updateOrderStatus.id}:${updateOrderStatus.status}`] = Date.parse(updateOrderStatus.updatedAt);
    },
    // Each change: its owner and the 20 staff screens of its restaurant.
    perChange: 1 + staffPerKitchen,
    notes: 'customers: `myOrderUpdates { id status updatedAt total restaurant { name } }`; staff as in (a) without the warm-up restaurant; 9,000 customers inserted into the auth database and 1,000 staff, all with signed tokens of distinct users',
  });
}

async function scenarioC(cluster: Cluster, tokens: Tokens, redis: Redis): Promise<ScenarioResult> {
  const { routerUrl } = cluster;
  const mutate = <T>(query: string, input: Record<string, unknown>) => must<T>(routerUrl, { query, variables: { input }, token: tokens.admin });
  const rows = Array.from({ length: 10 }, (_, index) => ({ row: String.fromCharCode(65 + index), seats: 21, type: 'STANDARD' }));
  const { createTheater } = await mutate<{ createTheater: { id: string; seats: { id: string }[] } }>(
    'mutation ($input: CreateTheaterInput!) { createTheater(input: $input) { id seats { id } } }',
    { name: 'Live Seat Map', address: '1 Bench Avenue', rows },
  );
  const { createMovie } = await mutate<{ createMovie: { id: string } }>('mutation ($input: CreateMovieInput!) { createMovie(input: $input) { id } }', {
    title: 'The Live Seat Map',
    durationMinutes: 100,
    genre: 'Drama',
  });
  const { createShowing } = await mutate<{ createShowing: { id: string } }>('mutation ($input: CreateShowingInput!) { createShowing(input: $input) { id } }', {
    movieId: createMovie.id,
    theaterId: createTheater.id,
    startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    price: '10.00',
  });
  const showingId = createShowing.id;
  const seats = createTheater.seats.map((seat) => seat.id);
  const channel = `${cluster.env.REDIS_KEY_PREFIX}booking:showing:${showingId}:seats`;
  const bookers = await Promise.all(Array.from({ length: seats.length }, () => signToken('USER')));
  const book = (index: number) =>
    must<{ bookSeats: { id: string; createdAt: string } }>(routerUrl, {
      query: 'mutation ($input: BookSeatsInput!) { bookSeats(input: $input) { id createdAt } }',
      variables: { input: { showingId, seatIds: [seats[index]!] } },
      token: bookers[index]!.token,
    });
  // Does booking publish seat events itself yet (issue 8's publisher side)? Listen for one.
  const listener = redis.duplicate();
  let published = 0;
  listener.on('message', () => (published += 1));
  await listener.subscribe(channel);
  const warm = await book(0);
  await sleep(3_000);
  const bookingPublishes = published > 0;
  const publish = () => redis.publish(channel, JSON.stringify({ id: randomUUID(), type: 'booking.showing.seats-changed', entityId: showingId, occurredAt: new Date().toISOString(), data: { showingId } }));
  if (!bookingPublishes) await publish();
  void warm;
  const total = seats.length;
  const created: number[] = [];
  const viewers = scaled(2000);
  const result = await runScenario(cluster, profileArgs('subscribers'), {
    name: '(c) 2,000 viewers of one seat map, 20 bookings/s',
    subscriptions: Array.from({ length: viewers }, () => ({ query: 'subscription ($id: ID!) { showingSeatsUpdated(showingId: $id) { id availableSeatCount seatMap { available } } }', variables: { id: showingId } })),
    keyKind: 'seats',
    warmUp: {
      expected: viewers,
      change: async () => {
        await book(1);
        if (!bookingPublishes) await publish();
      },
    },
    changes: scale < 1 ? 20 : total - 2,
    perSecond: 20,
    change: async (index, commitTimes) => {
      const { bookSeats } = await book(index + 2);
      created.push(Date.parse(bookSeats.createdAt));
      if (!bookingPublishes) await publish();
      // The k-th booking to commit leaves total - 2 - k seats: its commit time is that count's.
      const sorted = [...created].sort((a, b) => a - b);
      sorted.forEach((at, k) => (commitTimes[`seats:${total - 3 - k}`] = at));
    },
    perChange: viewers,
    notes: `anonymous viewers, selection \`id availableSeatCount seatMap { available }\` (${total} seats); ${
      bookingPublishes ? 'events published by booking' : 'booking does not publish seat events on this commit: the bench publishes the envelope after each booking commits'
    }; a payload's commit time is the createdAt of the booking that brought availableSeatCount to its value`,
  });
  await listener.quit();
  return result;
}

// ---------- main ----------
const started = performance.now();
log('bench subscriptions: building and starting the supergraph (one process per service)');
const cluster = await startCluster({
  countStatements: false,
  env: { ...ROUTER_ENV, AUTH_SIGNING_KEY },
  nodeArgs: Object.fromEntries(profiled.filter((name) => name !== 'subscribers').map((name) => [name, profileArgs(name)])),
});
const redis = new Redis(cluster.env.REDIS_URL ?? '', { maxRetriesPerRequest: 1 });
let exitCode = 0;
try {
  // Fresh demo tokens per scenario: they live 15 minutes.
  const results: ScenarioResult[] = [];
  if (only.includes('a')) results.push(await scenarioA(cluster, await loginDemoUsers(cluster.routerUrl)));
  if (only.includes('c')) results.push(await scenarioC(cluster, await loginDemoUsers(cluster.routerUrl), redis));
  if (only.includes('b')) results.push(await scenarioB(cluster, await loginDemoUsers(cluster.routerUrl)));
  const section = render(results, started);
  process.stdout.write(`${section}\n`);
  if (scale === 1 && profiled.length === 0) {
    await writeReportSections(REPORT_PATH, { subscriptions: section });
    log(`bench subscriptions: wrote ${REPORT_PATH}`);
  }
} catch (error) {
  log(`bench subscriptions failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  redis.disconnect();
  await cluster.stop();
}
process.exit(exitCode);
