/**
 * The subscribers of the live benchmark, in a process of their own (forked by bench/live/main.ts):
 * N graphql-transport-ws connections (graphql-ws's protocol), as N browsers would hold. Each payload's receipt time (wall clock,
 * sub-millisecond) is kept by key; the parent sends the commit time of each key at the end and
 * gets latencies back, so the two processes share only the machine's clock.
 */
import WebSocket from 'ws';

export interface Subscription {
  token?: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** How a payload names the change it shows: `${id}:${status}` of an order, `seats:${availableSeatCount}`. */
export type KeyKind = 'order' | 'seats';

export type Command =
  | { type: 'open'; subscriptions: Subscription[]; keyKind: KeyKind }
  | { type: 'reset' }
  | { type: 'count' }
  | { type: 'report'; commitTimes: Record<string, number> }
  | { type: 'close' };

export interface Report {
  received: number;
  /**
   * Changes seen, per subscriber: a payload shows its own change and, for a seat map, every
   * earlier booking too (a later state conflated with an earlier one still shows that one).
   */
  covered: number;
  /** Payloads that showed no change a subscriber had not seen yet. */
  repeated: number;
  unmatched: number;
  errors: number;
  errorSamples: string[];
  closed: number;
  latenciesMs: number[];
}

const now = () => performance.timeOrigin + performance.now();
const sockets: WebSocket[] = [];
let keyKind: KeyKind = 'order';
let received: { subscriber: number; key: string; at: number }[] = [];
let errors = 0;
/** The first few distinct error messages, for the report. */
const errorSamples = new Set<string>();
const sampleError = (text: string) => {
  if (errorSamples.size < 5) errorSamples.add(text.slice(0, 200));
};
let closed = 0;

/**
 * The key a `next` message's payload shows, read from the text: `"id":"…"` and `"status":"…"` of an
 * order, `"availableSeatCount":N` of a seat map. A browser would JSON.parse every payload on its own
 * CPU; 2,000 simulated browsers doing it in this one process cost most of a core for a 210-seat map,
 * taken from the machine under test. A payload with errors (or without a key) is parsed in full.
 */
const ORDER_ID = /"id":"([^"]+)"/;
const ORDER_STATUS = /"status":"([A-Z_]+)"/;
const SEAT_COUNT = /"availableSeatCount":(\d+)/;
function scanKey(message: string): string | undefined {
  if (message.includes('"errors"')) return undefined;
  if (keyKind === 'seats') {
    const count = SEAT_COUNT.exec(message)?.[1];
    return count === undefined ? undefined : `seats:${count}`;
  }
  // The payload's first "id" is the order's: the message's own id comes first and is skipped.
  const payloadAt = message.indexOf('"payload"');
  const id = ORDER_ID.exec(message.slice(payloadAt))?.[1];
  const status = ORDER_STATUS.exec(message)?.[1];
  return id && status ? `${id}:${status}` : undefined;
}

/**
 * One subscription over the graphql-transport-ws protocol (what graphql-ws speaks): init with the
 * token, subscribe once acknowledged, answer pings. Resolves when acknowledged or closed.
 */
function openOne(url: string, subscription: Subscription, subscriber: number, onFailure: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    sockets.push(socket);
    socket.on('open', () => {
      socket.send(JSON.stringify({ type: 'connection_init', payload: subscription.token ? { authorization: `Bearer ${subscription.token}` } : {} }));
    });
    socket.on('message', (data) => {
      const message = data.toString();
      if (message.startsWith('{"id":"1","type":"next"')) {
        const key = scanKey(message);
        if (key) received.push({ subscriber, key, at: now() });
        else {
          errors += 1;
          const { payload } = JSON.parse(message) as { payload: { errors?: unknown; data?: unknown } };
          sampleError(JSON.stringify(payload.errors ?? payload.data));
        }
        return;
      }
      const parsed = JSON.parse(message) as { type: string; payload?: unknown };
      if (parsed.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: subscription.query, variables: subscription.variables ?? {} } }));
        resolve();
      } else if (parsed.type === 'ping') socket.send('{"type":"pong"}');
      else if (parsed.type === 'error') {
        sampleError(JSON.stringify(parsed.payload));
        errors += 1;
        onFailure();
      }
    });
    socket.on('error', (error) => sampleError(error.message));
    socket.on('close', () => {
      closed += 1;
      resolve();
    });
  });
}

async function open(subscriptions: Subscription[], url: string): Promise<number> {
  let failed = 0;
  // A few hundred at a time, each waiting for its connection_ack, as browsers would trickle in.
  for (let start = 0; start < subscriptions.length; start += 250) {
    await Promise.all(subscriptions.slice(start, start + 250).map((subscription, offset) => openOne(url, subscription, start + offset, () => (failed += 1))));
  }
  return failed;
}

/** Order statuses in the order a kitchen moves them: a later one shows the earlier ones happened. */
const STATUS_ORDER = ['PENDING', 'CONFIRMED', 'PREPARING', 'READY', 'DELIVERED'];

/** Which entity a payload key is about, and how far along its changes it is. */
function position(key: string): { entity: string; rank: number } | undefined {
  if (keyKind === 'seats') return { entity: 'seats', rank: -Number(key.slice('seats:'.length)) };
  const cut = key.lastIndexOf(':');
  const rank = STATUS_ORDER.indexOf(key.slice(cut + 1));
  return rank < 0 ? undefined : { entity: key.slice(0, cut), rank };
}

/**
 * Latency per change and subscriber: from its commit to the first payload that shows it. A payload
 * is the entity's state when it was resolved, so it shows its own change and every earlier one of
 * that entity (an order READY was CONFIRMED; a seat map with N free seats has every booking that
 * brought it to N): changes resolved together are conflated into the latest state, not lost.
 */
function report(commitTimes: Record<string, number>): Report {
  const commits = new Map<string, { rank: number; at: number }[]>();
  for (const [key, at] of Object.entries(commitTimes)) {
    const where = position(key);
    if (!where) continue;
    const list = commits.get(where.entity) ?? [];
    list.push({ rank: where.rank, at });
    commits.set(where.entity, list);
  }
  const latenciesMs: number[] = [];
  let unmatched = 0;
  let repeated = 0;
  const furthest = new Map<string, number>();
  for (const { subscriber, key, at } of received) {
    const where = position(key);
    if (commitTimes[key] === undefined) unmatched += 1;
    if (!where) continue;
    const seenKey = `${subscriber}\u0000${where.entity}`;
    const before = furthest.get(seenKey) ?? Number.NEGATIVE_INFINITY;
    if (where.rank <= before) {
      repeated += 1;
      continue;
    }
    furthest.set(seenKey, where.rank);
    for (const commit of commits.get(where.entity) ?? []) if (commit.rank > before && commit.rank <= where.rank) latenciesMs.push(Math.max(0, at - commit.at));
  }
  return { received: received.length, covered: latenciesMs.length, repeated, unmatched, errors, errorSamples: [...errorSamples], closed, latenciesMs };
}

process.on('message', (command: Command) => {
  const url = process.argv[2]!;
  void (async () => {
    switch (command.type) {
      case 'open': {
        keyKind = command.keyKind;
        const failed = await open(command.subscriptions, url);
        process.send!({ type: 'opened', failed, closed });
        break;
      }
      case 'reset':
        received = [];
        errors = 0;
        closed = 0;
        process.send!({ type: 'reset' });
        break;
      case 'count':
        process.send!({ type: 'count', received: received.length, errors, closed });
        break;
      case 'report': {
        process.send!({ type: 'report', report: report(command.commitTimes) });
        break;
      }
      case 'close':
        await Promise.all(
          sockets.splice(0).map((socket) => {
            if (socket.readyState === WebSocket.CLOSED) return undefined;
            const gone = new Promise((resolve) => socket.once('close', resolve));
            socket.close(1000);
            return gone;
          }),
        );
        process.send!({ type: 'closed' });
        break;
    }
  })();
});
process.send!({ type: 'ready' });
// SIGTERM from the bench ends the process normally, so --cpu-prof writes its profile.
process.on('SIGTERM', () => process.exit(0));
