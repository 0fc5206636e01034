import { createHash, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import {
  createHttpService,
  createLogger,
  InMemorySpanExporter,
  SpanKind,
  startTelemetry,
  type LogFields,
  type ReadableSpan,
  type Telemetry,
} from '@marquee/platform';
import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { createTestMenu, placeTestOrder } from '../../test/support/food.js';
import { connect, errorCode, listening, subscribe } from '../../test/support/subscriptions.js';
import { signUp, superAdminEnv, type SignedIn } from '../../test/support/users.js';

/**
 * Traces and metrics as an operator sees them: one trace per client operation from the router
 * through the subgraphs to SQL, and /metrics series that move with traffic.
 */
let exporter: InMemorySpanExporter;
let telemetry: Telemetry;
let stack: TestStack;
let user: SignedIn;

beforeAll(async () => {
  exporter = new InMemorySpanExporter();
  telemetry = startTelemetry({ serviceName: 'test', exporter });
  // Events published together are delivered in one batch (200 ms window): see the links test.
  stack = await startTestStack({ env: { ...superAdminEnv, SUBSCRIPTION_BATCH_WINDOW_MS: '200' } });
  user = await signUp(stack);
});
afterAll(async () => {
  await stack.stop();
  await telemetry.shutdown();
});

/**
 * A POST over node:http, which (unlike fetch) this process does not instrument: the router sees
 * exactly the headers given, as from another process.
 */
function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: { data?: unknown; errors?: unknown[] } }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const attribute = (span: ReadableSpan, name: string) => span.attributes[name];

async function eventually<T>(read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ancestors = (span: ReadableSpan, byId: Map<string, ReadableSpan>): ReadableSpan[] => {
  const chain: ReadableSpan[] = [];
  let current = byId.get(parentId(span) ?? '');
  while (current) {
    chain.push(current);
    current = byId.get(parentId(current) ?? '');
  }
  return chain;
};

describe('traces', () => {
  it('follow one operation from the router through each subgraph down to its SQL, with parent links', async () => {
    exporter.reset();
    const response = await post(stack.routerUrl, { query: 'query MyBookings { me { id bookings(first: 3) { totalCount } } }' }, { authorization: `Bearer ${user.accessToken}` });
    expect(response.body.errors).toBeUndefined();

    // The router's span ends when its response is written; the rest ended before it.
    const root = await eventually(() =>
      exporter.getFinishedSpans().find((span) => span.kind === SpanKind.SERVER && attribute(span, 'marquee.service') === 'router'),
    );
    const spans = await eventually(() => {
      const inTrace = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === root.spanContext().traceId);
      const subgraphServers = inTrace.filter((span) => span.kind === SpanKind.SERVER && attribute(span, 'marquee.service') !== 'router' && attribute(span, 'url.path') === '/graphql');
      return subgraphServers.length >= 2 ? inTrace : undefined;
    });
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));

    expect(root.name).toBe('query MyBookings');
    expect(parentId(root)).toBeUndefined();
    expect(attribute(root, 'graphql.operation.name')).toBe('MyBookings');

    // @apollo/gateway's own spans: request, plan, one fetch per subgraph call.
    const names = spans.map((span) => span.name);
    expect(names).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.execute', 'gateway.fetch']));
    const fetches = spans.filter((span) => span.name === 'gateway.fetch');
    expect(fetches.length).toBeGreaterThanOrEqual(2);

    // Each subgraph's server span continues the trace through the traceparent header of a fetch.
    for (const service of ['auth', 'booking']) {
      const server = spans.find((span) => span.kind === SpanKind.SERVER && attribute(span, 'marquee.service') === service && attribute(span, 'url.path') === '/graphql');
      expect(server).toBeDefined();
      const chain = ancestors(server!, byId);
      expect(chain.map((span) => span.name)).toContain('gateway.fetch');
      expect(chain.at(-1)).toBe(root);
      expect(server!.name).toMatch(/^query /);

      // Its SQL statements are its children, parameterized, without values.
      const sql = spans.filter((span) => span.kind === SpanKind.CLIENT && attribute(span, 'db.system.name') === 'postgresql' && attribute(span, 'marquee.service') === service);
      expect(sql.length).toBeGreaterThan(0);
      for (const statement of sql) {
        expect(ancestors(statement, byId)).toContain(server);
        expect(String(attribute(statement, 'db.query.text'))).not.toContain(user.id);
      }
    }
    const bookingSql = spans.filter((span) => attribute(span, 'marquee.service') === 'booking' && attribute(span, 'db.query.text'));
    expect(bookingSql.some((span) => /\?|\$\d/.test(String(attribute(span, 'db.query.text'))))).toBe(true);
  });

  it('continue a trace the caller started (W3C traceparent) and put its id on log lines', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    exporter.reset();
    const response = await post(stack.routerUrl, { query: 'query Me { me { id } }' }, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(response.status).toBe(200);
    const root = await eventually(() => exporter.getFinishedSpans().find((span) => span.name === 'query Me'));
    expect(root.spanContext().traceId).toBe(traceId);
    expect(parentId(root)).toBe('00f067aa0ba902b7');

    const lines: LogFields[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as LogFields);
        done();
      },
    });
    const logger = createLogger('info', {}, { format: 'json', destination });
    const service = createHttpService({ name: 'probe', logger, readiness: async () => ({}), routes: { '/work': (_req, res) => { logger.info('working'); res.end(); } } });
    await service.listen(0, '127.0.0.1');
    try {
      await post(`${service.url()}/work`, {}, { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-request-id': 'r-7' });
    } finally {
      await service.close();
    }
    expect(lines.find((line) => line.msg === 'working')).toMatchObject({ traceId, requestId: 'r-7' });
  });
});

describe('the event path', () => {
  it('links a delivery that serves several changes to each of their traces', async () => {
    const admin = await signUp(stack, 'ADMIN');
    const menu = await createTestMenu(stack, admin.accessToken);
    const client = connect(stack, user.accessToken);
    try {
      const order = await placeTestOrder(stack, user.accessToken, menu);
      const subscription = subscribe(client, 'subscription Mine { myOrderUpdates { id } }');
      const channel = `food:user:${user.id}:orders`;
      await listening(stack.events, channel);
      exporter.reset();
      const first = { traceId: '1'.repeat(32), spanId: '1'.repeat(16) };
      const second = { traceId: '2'.repeat(32), spanId: '2'.repeat(16) };
      for (const cause of [first, second]) {
        const envelope = { id: randomUUID(), type: 'test.event', entityId: order.id, occurredAt: new Date().toISOString(), data: {}, traceparent: `00-${cause.traceId}-${cause.spanId}-01` };
        await stack.events.publish(channel, JSON.stringify(envelope));
      }
      expect((await subscription.next()).data).toEqual({ myOrderUpdates: { id: order.id } });
      const deliver = await eventually(() => exporter.getFinishedSpans().find((span) => span.name === 'subscription deliver'));
      expect(deliver.spanContext().traceId).toBe(first.traceId);
      expect(deliver.parentSpanContext?.spanId).toBe(first.spanId);
      expect(deliver.links.map((link) => link.context.spanId)).toEqual([second.spanId]);
      expect(deliver.links[0]!.context.traceId).toBe(second.traceId);
      subscription.unsubscribe();
    } finally {
      await client.dispose();
    }
  });

  it('links publish and delivery to the change that caused them, and counts deliveries and their lag', async () => {
    const admin = await signUp(stack, 'ADMIN');
    const menu = await createTestMenu(stack, admin.accessToken);
    const client = connect(stack, user.accessToken);
    try {
      const subscription = subscribe(client, 'subscription Mine { myOrderUpdates { id status } }');
      await listening(stack.events, `food:user:${user.id}:orders`);
      const metricsUrl = `${stack.routerUrl.replace(/\/graphql$/, '')}/metrics`;
      const before = await (await fetch(metricsUrl)).text();
      exporter.reset();
      const order = await placeTestOrder(stack, user.accessToken, menu);
      expect((await subscription.next()).data).toEqual({ myOrderUpdates: { id: order.id, status: 'PENDING' } });

      const deliver = await eventually(() => exporter.getFinishedSpans().find((span) => span.name === 'subscription deliver'));
      const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === deliver.spanContext().traceId);
      const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
      expect(deliver.kind).toBe(SpanKind.CONSUMER);
      // Food's relay published the event in a PRODUCER span continuing the trace of food's handling
      // of placeOrder (the outbox row carried it), and the delivery is that publish span's child.
      const publish = byId.get(parentId(deliver) ?? '');
      expect(publish).toBeDefined();
      expect(publish!.name).toBe('publish food.order.placed');
      expect(publish!.kind).toBe(SpanKind.PRODUCER);
      expect(attribute(publish!, 'marquee.service')).toBe('food');
      expect(attribute(publish!, 'messaging.message.id')).toEqual(expect.any(String));
      const chain = ancestors(deliver, byId);
      const foodServer = chain.find((span) => attribute(span, 'marquee.service') === 'food' && span.kind === SpanKind.SERVER);
      expect(foodServer?.name).toMatch(/^mutation\b/);
      expect(ancestors(publish!, byId)).toContain(foodServer);
      expect(chain.some((span) => attribute(span, 'marquee.service') === 'router' && /^mutation\b/.test(span.name))).toBe(true);
      // The delivery's own resolution through the gateway is part of the same trace.
      expect(ancestors(spans.find((span) => span.name === 'gateway.request' && ancestors(span, byId).includes(deliver))!, byId)).toContain(deliver);

      const metrics = await (await fetch(metricsUrl)).text();
      const placed = { service: 'food', type: 'food.order.placed' };
      expect(sample(metrics, 'marquee_events_published_total', placed)).toBe(sample(before, 'marquee_events_published_total', placed) + 1);
      expect(sample(metrics, 'marquee_subscription_deliveries_total')).toBeGreaterThan(0);
      // The order's owner (USER scope) had it resolved by one more gateway operation.
      const resolutions = (text: string) => sample(text, 'marquee_subscription_resolutions_total', { scope: 'USER' });
      const resolvedEvents = (text: string) => sample(text, 'marquee_subscription_resolved_events_total', { scope: 'USER' });
      expect(resolutions(metrics)).toBeGreaterThan(resolutions(before));
      expect(resolvedEvents(metrics) - resolvedEvents(before)).toBeGreaterThanOrEqual(resolutions(metrics) - resolutions(before));
      expect(sample(metrics, 'marquee_event_delivery_lag_seconds_count')).toBeGreaterThan(0);
      expect(sample(metrics, 'marquee_subscriptions_active')).toBeGreaterThanOrEqual(1);
      expect(sample(metrics, 'marquee_websocket_connections')).toBeGreaterThanOrEqual(1);
      subscription.unsubscribe();
    } finally {
      await client.dispose();
    }
  });
});

/** The value of one series in a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) total += Number(line.split(' ').at(-1));
  }
  return total;
}

describe('metrics', () => {
  const scrape = async (base: string) => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };
  const routerBase = () => stack.routerUrl.replace(/\/graphql$/, '');

  it('count requests, errors by code and latency per operation, and the subgraph fetches behind them', async () => {
    const before = await scrape(routerBase());
    await stack.graphql('query MyBookings { me { id bookings(first: 3) { totalCount } } }', {}, user.accessToken);
    await stack.graphql('query MyBookings { me { id bookings(first: 3) { totalCount } } }', {}, user.accessToken);
    await stack.graphql('query Broken { booking(id: "not-a-uuid") { id } }', {}, user.accessToken);
    const after = await scrape(routerBase());

    const requests = { service: 'router', operation_name: 'MyBookings' };
    expect(sample(after, 'marquee_graphql_requests_total', requests) - sample(before, 'marquee_graphql_requests_total', requests)).toBe(2);
    expect(sample(after, 'marquee_graphql_request_duration_seconds_count', requests) - sample(before, 'marquee_graphql_request_duration_seconds_count', requests)).toBe(2);
    const errors = { service: 'router', operation_name: 'Broken' };
    expect(sample(after, 'marquee_graphql_errors_total', errors)).toBeGreaterThan(sample(before, 'marquee_graphql_errors_total', errors));
    expect(after).toMatch(/marquee_graphql_errors_total\{service="router",operation_name="Broken",code="[A-Z_]+"\} \d+/);

    const fetches = { caller: 'router', subgraph: 'booking' };
    expect(sample(after, 'marquee_subgraph_fetch_duration_seconds_count', fetches)).toBeGreaterThan(sample(before, 'marquee_subgraph_fetch_duration_seconds_count', fetches));
  });

  it('show database pools, WebSocket connections, refusals and the Node process on every service', async () => {
    let deep = 'id';
    for (let level = 0; level < 20; level += 1) deep = `me { bookings { edges { node { user { ${deep} } } } } }`;
    const before = await scrape(routerBase());
    await stack.graphql(`{ ${deep} }`);
    const after = await scrape(routerBase());
    const refusals = { service: 'router', limit: 'depth' };
    expect(sample(after, 'marquee_cost_limit_refusals_total', refusals)).toBe(sample(before, 'marquee_cost_limit_refusals_total', refusals) + 1);
    expect(sample(after, 'marquee_http_responses_total', { service: 'router', route: '/graphql', status: '400' })).toBeGreaterThan(0);
    expect(after).toContain('marquee_websocket_connections 0');
    expect(sample(after, 'marquee_process_resident_memory_bytes')).toBeGreaterThan(0);

    // A subgraph serves its own /metrics, with its pool (max from the ORM's configuration).
    const booking = await scrape(stack.subgraphs.booking!.url.replace(/\/graphql$/, ''));
    expect(sample(booking, 'marquee_db_pool_connections', { service: 'booking', state: 'max' })).toBeGreaterThan(0);
    expect(sample(booking, 'marquee_graphql_requests_total', { service: 'booking' })).toBeGreaterThan(0);
  });

  it('count cache hits and misses of persisted queries, documents, query plans and tokens', async () => {
    const query = `query CacheProbe { me { id } } # ${Date.now()}`;
    const hash = createHash('sha256').update(query).digest('hex');
    const persistedQuery = { version: 1, sha256Hash: hash };
    const auth = { authorization: `Bearer ${user.accessToken}` };
    const lookups = (text: string, cache: string, result: string) => sample(text, 'marquee_cache_lookups_total', { cache, result });
    const before = await scrape(routerBase());
    // Automatic persisted queries: the hash alone is unknown (miss), then registered, then found (hit).
    const unknown = await post(stack.routerUrl, { extensions: { persistedQuery } }, auth);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_FOUND' }) })]);
    expect((await post(stack.routerUrl, { query, extensions: { persistedQuery } }, auth)).body.errors).toBeUndefined();
    expect((await post(stack.routerUrl, { extensions: { persistedQuery } }, auth)).body.errors).toBeUndefined();
    const after = await scrape(routerBase());

    expect(lookups(after, 'persisted_query', 'miss') - lookups(before, 'persisted_query', 'miss')).toBe(1);
    expect(lookups(after, 'persisted_query', 'hit') - lookups(before, 'persisted_query', 'hit')).toBe(1);
    // The new document was parsed and planned once (misses), then taken from the caches (hits).
    for (const cache of ['document', 'query_plan']) {
      expect(lookups(after, cache, 'miss')).toBeGreaterThan(lookups(before, cache, 'miss'));
      expect(lookups(after, cache, 'hit')).toBeGreaterThan(lookups(before, cache, 'hit'));
    }
    // One signature check per token and process: the same token again is a hit.
    expect(lookups(after, 'verified_token', 'hit')).toBeGreaterThan(lookups(before, 'verified_token', 'hit'));
    expect(lookups(after, 'token_revocation', 'hit') + lookups(after, 'token_revocation', 'miss')).toBeGreaterThan(
      lookups(before, 'token_revocation', 'hit') + lookups(before, 'token_revocation', 'miss'),
    );
  });

  it("show each publishing subgraph's outbox backlog, and each caller's circuits in /ready from the start", async () => {
    for (const service of ['food', 'booking']) {
      const text = await scrape(stack.subgraphs[service]!.url.replace(/\/graphql$/, ''));
      expect(text).toMatch(new RegExp(`^marquee_outbox_backlog\\{service="${service}"\\} \\d+$`, 'm'));
      expect(text).toMatch(new RegExp(`^marquee_outbox_oldest_unsent_age_seconds\\{service="${service}"\\} [\\d.e+-]+$`, 'm'));
    }
    for (const [caller, target] of [['food', 'booking'], ['inventory', 'catalog']] as const) {
      const ready = (await (await fetch(stack.subgraphs[caller]!.url.replace(/\/graphql$/, '/ready'))).json()) as { circuits?: Record<string, string> };
      expect(ready.circuits).toEqual({ [target]: 'closed' });
    }
  });

  it('count refusals by the limits over WebSocket as over HTTP', async () => {
    let deep = 'id';
    for (let level = 0; level < 20; level += 1) deep = `bookings { edges { node { user { ${deep} } } } }`;
    const refusals = { service: 'router', limit: 'depth' };
    const before = sample(await scrape(routerBase()), 'marquee_cost_limit_refusals_total', refusals);
    const client = connect(stack, user.accessToken);
    try {
      const subscription = subscribe(client, `subscription Deep { myOrderUpdates { id user { ${deep} } } }`);
      expect(errorCode(await subscription.ended)).toBe('QUERY_TOO_COMPLEX');
    } finally {
      await client.dispose();
    }
    expect(sample(await scrape(routerBase()), 'marquee_cost_limit_refusals_total', refusals)).toBe(before + 1);
  });
});
