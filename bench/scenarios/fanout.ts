import { must } from '../graphql-client.js';
import { PLACE_ORDER, RESTAURANT_ORDER_UPDATES, UPDATE_ORDER_STATUS } from '../operations.js';
import { summarize, type LatencySummary } from '../stats.js';
import { SubscriberPool } from '../subscribers.js';

export const SUBSCRIBER_COUNTS = [1, 50, 200] as const;
/** Each order walks PENDING → CONFIRMED → PREPARING → READY → DELIVERED: four timed changes. */
const STATUS_WALK = ['CONFIRMED', 'PREPARING', 'READY', 'DELIVERED'] as const;
const ORDERS_PER_RUN = 5;

export interface FanoutRun {
  subscribers: number;
  changes: number;
  /** From sending updateOrderStatus to the last screen receiving the change. */
  toLast: LatencySummary;
  /** From sending updateOrderStatus to the first screen receiving it. */
  toFirst: LatencySummary;
  /** Changes some screen did not receive within the timeout. */
  missed: number;
  errors: number;
}

export interface FanoutInput {
  routerUrl: string;
  staffToken: string;
  customerToken: string;
  restaurantId: string;
  menuItemId: string;
  /** Resolves once the router holds no subscription of earlier runs (the router runs in another process). */
  noLiveSubscriptions: () => Promise<void>;
}

/** Polls (50 ms) until `condition` holds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The router is another process, so its listener count cannot be read: probe orders are placed
 * until one reaches every screen of the pool (then every subscription is live).
 */
async function everyoneListening(pool: SubscriberPool, input: FanoutInput): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const { placeOrder } = await must<{ placeOrder: { id: string } }>(input.routerUrl, {
      query: PLACE_ORDER,
      variables: { input: { restaurantId: input.restaurantId, items: [{ menuItemId: input.menuItemId, quantity: 1 }] } },
      token: input.customerToken,
    });
    const arrived = await pool.arrivalsOf(placeOrder.id, 'PENDING', 2_000);
    if (arrived.length >= pool.size) return;
  }
  throw new Error(`not every one of ${pool.size} subscribers received a probe order`);
}

export async function runFanout(input: FanoutInput, log: (line: string) => void): Promise<FanoutRun[]> {
  const runs: FanoutRun[] = [];
  for (const subscribers of SUBSCRIBER_COUNTS) {
    const pool = new SubscriberPool(input.routerUrl, input.staffToken);
    try {
      await input.noLiveSubscriptions();
      const opened = performance.now();
      pool.open(subscribers, RESTAURANT_ORDER_UPDATES, { restaurantId: input.restaurantId }, 'restaurantOrderUpdates');
      await everyoneListening(pool, input);
      log(`  ${subscribers} subscribers live after ${(performance.now() - opened).toFixed(0)} ms`);
      const run = await measure(pool, input);
      runs.push(run);
      log(`  ${subscribers} subscribers: to last p50 ${run.toLast.p50.toFixed(1)} ms, p95 ${run.toLast.p95.toFixed(1)} ms, missed ${run.missed}`);
    } finally {
      await pool.close();
    }
  }
  return runs;
}

async function measure(pool: SubscriberPool, input: FanoutInput): Promise<FanoutRun> {
  const toLast: number[] = [];
  const toFirst: number[] = [];
  let missed = 0;
  for (let order = 0; order < ORDERS_PER_RUN; order += 1) {
    // Untimed: placing the order, and its PENDING event reaching every screen.
    const { placeOrder } = await must<{ placeOrder: { id: string } }>(input.routerUrl, {
      query: PLACE_ORDER,
      variables: { input: { restaurantId: input.restaurantId, items: [{ menuItemId: input.menuItemId, quantity: 1 }] } },
      token: input.customerToken,
    });
    const placed = await pool.arrivalsOf(placeOrder.id, 'PENDING');
    if (placed.length < pool.size) throw new Error(`only ${placed.length} of ${pool.size} subscribers saw the new order`);
    for (const status of STATUS_WALK) {
      const start = performance.now();
      await must(input.routerUrl, { query: UPDATE_ORDER_STATUS, variables: { id: placeOrder.id, status }, token: input.staffToken });
      const arrivals = await pool.arrivalsOf(placeOrder.id, status);
      if (arrivals.length < pool.size) missed += 1;
      if (arrivals.length === 0) continue;
      toFirst.push(Math.min(...arrivals) - start);
      toLast.push(Math.max(...arrivals) - start);
    }
  }
  return { subscribers: pool.size, changes: ORDERS_PER_RUN * STATUS_WALK.length, toLast: summarize(toLast), toFirst: summarize(toFirst), missed, errors: pool.errors };
}
