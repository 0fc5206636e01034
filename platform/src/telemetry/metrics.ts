import type { IncomingMessage, ServerResponse } from 'node:http';
import { BrokenCircuitError, IsolatedCircuitError, TaskCancelledError } from 'cockatiel';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus metrics of this process, in one registry served at `GET /metrics` by every
 * service. The objects are exported so any module records into them (`metrics.cacheLookups.inc(...)`),
 * and the `record*` helpers below keep labels consistent. Labels are bounded: nothing a client
 * sends becomes a label value unchecked (see `operationLabel`).
 */
export const metricsRegistry = new Registry();

collectDefaultMetrics({ register: metricsRegistry, prefix: 'marquee_' });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const metrics = {
  graphqlRequests: new Counter({
    name: 'marquee_graphql_requests_total',
    help: 'GraphQL operations answered, by service, operation type and operation name',
    labelNames: ['service', 'operation_type', 'operation_name'] as const,
    registers: [metricsRegistry],
  }),
  graphqlErrors: new Counter({
    name: 'marquee_graphql_errors_total',
    help: 'GraphQL errors answered, by service, operation name and extensions.code',
    labelNames: ['service', 'operation_name', 'code'] as const,
    registers: [metricsRegistry],
  }),
  graphqlDuration: new Histogram({
    name: 'marquee_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its answer',
    labelNames: ['service', 'operation_type', 'operation_name'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [metricsRegistry],
  }),
  httpResponses: new Counter({
    name: 'marquee_http_responses_total',
    help: 'HTTP responses, by service, route and status code',
    labelNames: ['service', 'route', 'status'] as const,
    registers: [metricsRegistry],
  }),
  subgraphFetchDuration: new Histogram({
    name: 'marquee_subgraph_fetch_duration_seconds',
    help: 'Calls to a subgraph (router fetches and calls between subgraphs), by caller, subgraph and outcome',
    labelNames: ['caller', 'subgraph', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [metricsRegistry],
  }),
  subgraphFetchFailures: new Counter({
    name: 'marquee_subgraph_fetch_failures_total',
    help: 'Failed calls to a subgraph, by caller, subgraph and reason (timeout, network, http, circuit_open)',
    labelNames: ['caller', 'subgraph', 'reason'] as const,
    registers: [metricsRegistry],
  }),
  retries: new Counter({
    name: 'marquee_subgraph_fetch_retries_total',
    help: 'Retried calls to a subgraph (queries only), by caller and subgraph',
    labelNames: ['caller', 'subgraph'] as const,
    registers: [metricsRegistry],
  }),
  circuitState: new Gauge({
    name: 'marquee_circuit_breaker_state',
    help: 'Circuit breaker per dependency: 0 closed, 1 half-open (probing), 2 open (failing fast)',
    labelNames: ['caller', 'subgraph'] as const,
    registers: [metricsRegistry],
  }),
  cacheLookups: new Counter({
    name: 'marquee_cache_lookups_total',
    help: 'Cache lookups by cache name and result (hit, miss)',
    labelNames: ['cache', 'result'] as const,
    registers: [metricsRegistry],
  }),
  rateLimitRefusals: new Counter({
    name: 'marquee_rate_limit_refusals_total',
    help: 'Requests refused by a rate limit, by service and limit',
    labelNames: ['service', 'limit'] as const,
    registers: [metricsRegistry],
  }),
  costLimitRefusals: new Counter({
    name: 'marquee_cost_limit_refusals_total',
    help: 'Operations refused before execution by a cost limit (depth, cost, aliases, ...), by service and limit',
    labelNames: ['service', 'limit'] as const,
    registers: [metricsRegistry],
  }),
  subscriptionsActive: new Gauge({
    name: 'marquee_subscriptions_active',
    help: 'Active GraphQL subscriptions',
    registers: [metricsRegistry],
  }),
  deliveries: new Counter({
    name: 'marquee_subscription_deliveries_total',
    help: 'Subscription payloads delivered to clients',
    registers: [metricsRegistry],
  }),
  unchangedPayloads: new Counter({
    name: 'marquee_subscription_payloads_unchanged_total',
    help: 'Subscription payloads not sent because a cohort already had that exact state of the entity (one per cohort, not per socket)',
    registers: [metricsRegistry],
  }),
  subscriptionResolutions: new Counter({
    name: 'marquee_subscription_resolutions_total',
    help: 'Gateway operations run to resolve subscription events (one per batch of events of one selection shape and scope)',
    labelNames: ['scope'] as const,
    registers: [metricsRegistry],
  }),
  sharedOperations: new Counter({
    name: 'marquee_router_shared_operations_total',
    help: 'Query operations answered from an identical operation of the same caller already in flight (one gateway execution for both)',
    registers: [metricsRegistry],
  }),
  subscriptionResolvedEvents: new Counter({
    name: 'marquee_subscription_resolved_events_total',
    help: 'Events resolved for subscriptions, once per cohort; divided by the resolutions, how well events are batched',
    labelNames: ['scope'] as const,
    registers: [metricsRegistry],
  }),
  deliveryLag: new Histogram({
    name: 'marquee_event_delivery_lag_seconds',
    help: 'From an event occurring (its occurredAt) to its payload being sent to a subscriber',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [metricsRegistry],
  }),
  eventsPublished: new Counter({
    name: 'marquee_events_published_total',
    help: 'Events published on the event bus, by service and event type (an outbox event published again after a bus outage counts again)',
    labelNames: ['service', 'type'] as const,
    registers: [metricsRegistry],
  }),
  eventPublishFailures: new Counter({
    name: 'marquee_event_publish_failures_total',
    help: 'Events that could not be published (bus down or too slow), by service and event type; outbox events are kept and retried',
    labelNames: ['service', 'type'] as const,
    registers: [metricsRegistry],
  }),
};

/** What an outbox reports at each scrape: events committed and not yet published, and the oldest one's time. */
export interface OutboxBacklogSample {
  unsent: number;
  oldestUnsentAt: Date | null;
}
/** Values read at scrape time from whoever registered them (pools, outboxes). */
type OutboxSampler = () => Promise<OutboxBacklogSample>;
const poolSamplers = new Map<string, () => { used: number; free: number; pending: number; max: number }>();
const outboxSamplers = new Map<string, OutboxSampler>();
/** A scrape waits this long at most for an outbox's database; past it, the outbox's series are left out. */
const OUTBOX_SAMPLE_TIMEOUT_MS = 2000;

new Gauge({
  name: 'marquee_db_pool_connections',
  help: 'Database connections per service pool, by state (used, free, pending acquisitions, max)',
  labelNames: ['service', 'state'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const [service, sample] of poolSamplers) {
      const pool = sample();
      for (const state of ['used', 'free', 'pending', 'max'] as const) this.set({ service, state }, pool[state]);
    }
  },
});

/**
 * One read of every registered outbox per scrape, shared by the backlog and age gauges (prom-client
 * starts every collect of a scrape at once, so the second finds the first's read in flight). An
 * outbox whose database does not answer in time is left out rather than failing or hanging the scrape.
 */
let outboxRead: Promise<Map<string, OutboxBacklogSample>> | undefined;
function readOutboxes(): Promise<Map<string, OutboxBacklogSample>> {
  outboxRead ??= (async () => {
    const read = new Map<string, OutboxBacklogSample>();
    await Promise.all(
      [...outboxSamplers].map(async ([service, sample]) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), OUTBOX_SAMPLE_TIMEOUT_MS);
        });
        const value = await Promise.race([Promise.resolve().then(sample).catch(() => undefined), late]).finally(() => clearTimeout(timer));
        if (value) read.set(service, value);
      }),
    );
    return read;
  })().finally(() => {
    outboxRead = undefined;
  });
  return outboxRead;
}

new Gauge({
  name: 'marquee_outbox_backlog',
  help: 'Events written to a transactional outbox and not yet published, by service (grows while the bus is down)',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
  async collect() {
    const samples = await readOutboxes();
    this.reset();
    for (const [service, sample] of samples) this.set({ service }, sample.unsent);
  },
});

new Gauge({
  name: 'marquee_outbox_oldest_unsent_age_seconds',
  help: 'Age of the oldest event not yet published, by service (0 when none): how late subscribers are told',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
  async collect() {
    const samples = await readOutboxes();
    this.reset();
    for (const [service, sample] of samples) {
      this.set({ service }, sample.oldestUnsentAt ? Math.max(0, (Date.now() - sample.oldestUnsentAt.getTime()) / 1000) : 0);
    }
  },
});

const websocketSamplers = new Set<() => number>();

new Gauge({
  name: 'marquee_websocket_connections',
  help: 'Open WebSocket (graphql-ws) connections',
  registers: [metricsRegistry],
  collect() {
    let open = 0;
    for (const sample of websocketSamplers) open += sample();
    this.set(open);
  },
});

/** Reports a WebSocket server's open connections at each scrape; returns a function that stops it. */
export function registerWebSocketConnections(sample: () => number): () => void {
  websocketSamplers.add(sample);
  return () => websocketSamplers.delete(sample);
}

/** Reports a database pool's use at each scrape; returns a function that stops reporting it. */
export function registerPoolSampler(service: string, sample: () => { used: number; free: number; pending: number; max: number }): () => void {
  poolSamplers.set(service, sample);
  return () => {
    if (poolSamplers.get(service) === sample) poolSamplers.delete(service);
  };
}

/**
 * Reports an outbox's backlog at each scrape (`startSubgraph` does it for a subgraph's outbox);
 * returns a function that stops reporting it.
 */
export function registerOutboxBacklog(service: string, sample: OutboxSampler): () => void {
  outboxSamplers.set(service, sample);
  return () => {
    if (outboxSamplers.get(service) === sample) outboxSamplers.delete(service);
  };
}

/** One event published on the bus (or not: `ok` false), by the service that published it and its type. */
export function recordEventPublished(service: string, type: string, ok = true): void {
  (ok ? metrics.eventsPublished : metrics.eventPublishFailures).inc({ service, type });
}

/** For caches (response, entity, APQ...): one call per lookup. */
export function recordCacheLookup(cache: string, hit: boolean): void {
  metrics.cacheLookups.inc({ cache, result: hit ? 'hit' : 'miss' });
}

export function recordRateLimitRefusal(service: string, limit: string): void {
  metrics.rateLimitRefusals.inc({ service, limit });
}

export function recordCostLimitRefusal(service: string, limit: string): void {
  metrics.costLimitRefusals.inc({ service, limit });
}

/**
 * `count` copies of one subscription payload sent (one per socket of a cohort); `occurredAt` is the
 * event's time (ISO string or Date) when known. Every copy left at the same moment: one lag each.
 */
export function recordDeliveries(count: number, occurredAt?: string | Date | null): void {
  if (count <= 0) return;
  metrics.deliveries.inc(count);
  if (!occurredAt) return;
  const time = occurredAt instanceof Date ? occurredAt.getTime() : Date.parse(occurredAt);
  if (!Number.isFinite(time)) return;
  const lagSeconds = Math.max(0, (Date.now() - time) / 1000);
  for (let copy = 0; copy < count; copy += 1) metrics.deliveryLag.observe(lagSeconds);
}

const MAX_OPERATION_NAMES = 200;
const knownOperationNames = new Set<string>();

/**
 * Operation names come from clients: a label per name would let a client grow the series without
 * bound. Valid names are kept up to a cap; past it, and for invalid names, one shared value.
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return '(anonymous)';
  if (!/^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)) return '(invalid)';
  if (knownOperationNames.has(name)) return name;
  if (knownOperationNames.size >= MAX_OPERATION_NAMES) return '(other)';
  knownOperationNames.add(name);
  return name;
}

/** `GET /metrics`: this process's metrics in the Prometheus text format. */
export async function serveMetrics(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await metricsRegistry.metrics();
  res.writeHead(200, { 'content-type': metricsRegistry.contentType });
  res.end(body);
}

/** Why a call to a subgraph failed, as a bounded label. */
export function failureReason(error: unknown): string {
  if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) return 'circuit_open';
  if (error instanceof TaskCancelledError) return 'timeout';
  const name = typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name) : '';
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  if (name === 'SubgraphHttpError') return 'http';
  return 'network';
}

/**
 * Times one call to a subgraph and counts it by outcome: `ok`, `http_error` (answered non-2xx)
 * or `failed` (no answer), with failures by reason. Returns or throws what `call` does.
 */
export async function measureSubgraphCall<T extends { ok: boolean } | object>(caller: string, subgraph: string, call: () => Promise<T>): Promise<T> {
  const startedAt = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - startedAt) / 1e9;
  try {
    const result = await call();
    const ok = !('ok' in result) || result.ok;
    metrics.subgraphFetchDuration.observe({ caller, subgraph, outcome: ok ? 'ok' : 'http_error' }, seconds());
    if (!ok) metrics.subgraphFetchFailures.inc({ caller, subgraph, reason: 'http' });
    return result;
  } catch (error) {
    metrics.subgraphFetchDuration.observe({ caller, subgraph, outcome: 'failed' }, seconds());
    metrics.subgraphFetchFailures.inc({ caller, subgraph, reason: failureReason(error) });
    throw error;
  }
}
