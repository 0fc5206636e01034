import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  createEventBus,
  createLogger,
  dropDatabase,
  metricsRegistry,
  openDatabase,
  Outbox,
  OutboxEventSchema,
  parseEventEnvelope,
  registerOutboxBacklog,
  writeOutboxEvents,
  type EventBus,
  type EventEnvelope,
  type Orm,
  type OutboxConfig,
} from '@marquee/platform';
import { waitUntil } from '../support/subscriptions.js';

/**
 * The transactional outbox on a real database and the run's real bus (Redis with REDIS_URL, in
 * process without): what commits is published once, in order per entity, with its id; what rolls
 * back is never published.
 */
const serverUrl = () => process.env.DATABASE_URL as string;
const databaseName = `marquee_outbox_${randomBytes(4).toString('hex')}`;
const logger = createLogger('silent');
const config: OutboxConfig = { relayEnabled: true, pollIntervalMs: 1000, batchSize: 50, retryMaxMs: 1000, retentionMs: 3_600_000 };

let orm: Orm;
let bus: EventBus;
const outboxes: Outbox[] = [];

/** An outbox as a subgraph instance runs it; several may share the database. */
function startOutbox(overrides: Partial<OutboxConfig> = {}): Outbox {
  const outbox = new Outbox({ bus, logger, config: { ...config, ...overrides } });
  outbox.start(orm, 'test');
  outboxes.push(outbox);
  return outbox;
}

/** Every envelope published on `channel`, in arrival order. */
async function collect(channel: string): Promise<{ received: EventEnvelope[]; stop: () => Promise<void> }> {
  const received: EventEnvelope[] = [];
  const stop = await bus.subscribe(channel, (message) => {
    const envelope = parseEventEnvelope(message);
    if (!envelope) throw new Error(`not an envelope: ${message}`);
    received.push(envelope);
  });
  return { received, stop };
}

const em = () => orm.em.fork();

/** Polls an asynchronous condition (no fixed delay); fails after `timeoutMs`. */
async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const countOf = async (sql: string, params: unknown[] = []) =>
  Number(((await em().execute(sql, params)) as { count: string }[])[0]?.count);
const changeEvent = (channel: string, entityId: string, data: Record<string, unknown> = {}) => ({
  type: 'test.changed',
  entityId,
  channels: [channel],
  data,
});

beforeAll(async () => {
  orm = await openDatabase({ serverUrl: serverUrl(), databaseName, entities: [OutboxEventSchema], migrations: [], logger, migrate: false });
  await orm.schema.createSchema();
  // `parent` is checked at COMMIT: a way to make a transaction fail after its outbox rows were written.
  await em().execute(`create table changes (
    id serial primary key, entity text not null,
    parent int references changes (id) deferrable initially deferred)`);
  bus = createEventBus({ redisUrl: process.env.REDIS_URL, keyPrefix: `marquee-test:${databaseName}:`, logger });
});

afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop()));
  await em().execute('truncate outbox_events, changes');
});

afterAll(async () => {
  await bus?.close();
  await orm?.close();
  await dropDatabase(serverUrl(), databaseName);
});

describe('a change and its event', () => {
  it('commit together: once committed, the event is published in its envelope and marked sent', async () => {
    const outbox = startOutbox();
    const channel = `test:${randomUUID()}`;
    const events = await collect(channel);
    const entityId = randomUUID();
    await outbox.transactional(em(), async (tx, added) => {
      await tx.execute('insert into changes (entity) values (?)', [entityId]);
      added.add(changeEvent(channel, entityId, { what: 'inserted' }));
    });
    await waitUntil(() => events.received.length === 1, 'the event');
    const [event] = events.received;
    expect(event).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'test.changed',
      entityId,
      sequence: expect.any(Number),
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { what: 'inserted' },
    });
    expect(await countOf('select count(*) from changes where entity = ?', [entityId])).toBe(1);
    await eventually(async () => (await outbox.backlog()).unsent === 0, 'the event marked sent');
    await expect(outbox.backlog()).resolves.toEqual({ unsent: 0, oldestUnsentAt: null, failingSince: null });
    await events.stop();
  });

  it('roll back together: an error in the work, or a commit the database refuses, leaves no event', async () => {
    const outbox = startOutbox();
    const channel = `test:${randomUUID()}`;
    const events = await collect(channel);
    const entityId = randomUUID();

    await expect(
      outbox.transactional(em(), async (tx, added) => {
        await tx.execute('insert into changes (entity) values (?)', [entityId]);
        added.add(changeEvent(channel, entityId, { attempt: 'thrown' }));
        throw new Error('the service changed its mind');
      }),
    ).rejects.toThrow('the service changed its mind');

    // The outbox row is written, then COMMIT fails on the deferred foreign key.
    await expect(
      outbox.transactional(em(), async (tx, added) => {
        await tx.execute('insert into changes (entity, parent) values (?, 999999)', [entityId]);
        added.add(changeEvent(channel, entityId, { attempt: 'refused at commit' }));
      }),
    ).rejects.toThrow(/foreign key/);

    expect(await countOf('select count(*) from outbox_events')).toBe(0);
    expect(await countOf('select count(*) from changes')).toBe(0);

    // A change that commits afterwards is the first (and only) thing the channel ever carries.
    await outbox.transactional(em(), async (tx, added) => {
      await tx.execute('insert into changes (entity) values (?)', [entityId]);
      added.add(changeEvent(channel, entityId, { attempt: 'committed' }));
    });
    await waitUntil(() => events.received.length >= 1, 'the committed event');
    expect(events.received.map((event) => event.data)).toEqual([{ attempt: 'committed' }]);
    await events.stop();
  });

  it('refuses to write events outside a transaction', async () => {
    await expect(writeOutboxEvents(em(), [changeEvent('test:nowhere', randomUUID())])).rejects.toThrow(/inside the transaction/);
  });
});

describe('delivery', () => {
  it('keeps per-entity order across many quick concurrent changes from two instances, and loses none', async () => {
    const instances = [startOutbox(), startOutbox()];
    const channel = `test:${randomUUID()}`;
    const events = await collect(channel);
    const entities = [randomUUID(), randomUUID(), randomUUID()];
    const perEntity = 25;

    // Concurrent transactions that share no row: only the outbox orders them. Each holds its
    // outbox rows a random while before committing, so commits overtake each other.
    const change = async (index: number) => {
      const entityId = entities[index % entities.length] as string;
      const tx = em();
      await tx.transactional(async (inner: EntityManager) => {
        await inner.execute('insert into changes (entity) values (?)', [entityId]);
        await writeOutboxEvents(inner, [changeEvent(channel, entityId, { index })]);
        await inner.execute('select pg_sleep(random() * 0.02)');
      });
      await instances[index % 2]?.nudge();
    };
    await Promise.all(Array.from({ length: perEntity * entities.length }, (_, index) => change(index)));

    // At least once: a copy (same id) may follow its original; the first copies are what counts.
    const firstCopies = () => [...new Map(events.received.map((event) => [event.id, event])).values()];
    await waitUntil(() => firstCopies().length >= perEntity * entities.length, 'every event', 30_000);
    for (const copy of events.received) expect(copy).toEqual(firstCopies().find((event) => event.id === copy.id));
    for (const entityId of entities) {
      const sequences = firstCopies().filter((event) => event.entityId === entityId).map((event) => event.sequence);
      expect(sequences).toHaveLength(perEntity);
      // Strictly increasing in arrival order: a consumer dropping "sequence <= last seen" drops none of them.
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(new Set(sequences).size).toBe(perEntity);
    }
    expect(firstCopies()).toHaveLength(perEntity * entities.length);
    await events.stop();
  });

  it('publishes an event again with the same id and sequence when it was not marked sent (a crash after publishing)', async () => {
    const outbox = startOutbox();
    const channel = `test:${randomUUID()}`;
    const events = await collect(channel);
    const entityId = randomUUID();
    for (const step of [1, 2, 3]) {
      await outbox.transactional(em(), async (_tx, added) => added.add(changeEvent(channel, entityId, { step })));
    }
    await waitUntil(() => events.received.length === 3, 'three events');
    // What a process killed between the publish and the UPDATE leaves behind.
    await em().execute('update outbox_events set sent_at = null');
    await outbox.nudge();
    await waitUntil(() => events.received.length === 6, 'the copies');
    const [first, second] = [events.received.slice(0, 3), events.received.slice(3)];
    expect(second.map((event) => [event.id, event.sequence, event.data])).toEqual(first.map((event) => [event.id, event.sequence, event.data]));
    expect(first.map((event) => event.data)).toEqual([{ step: 1 }, { step: 2 }, { step: 3 }]);
    await events.stop();
  });

  it('survives the database ending its connection in the middle of a round, and publishes the event once more', async () => {
    // A bus whose next publish waits until the test lets it go: the round holds its connection meanwhile.
    let entered!: () => void;
    const publishing = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    const gatedBus: EventBus = {
      publish: async (channel, message) => {
        if (!held) {
          held = true;
          entered();
          await gate;
        }
        await bus.publish(channel, message);
      },
      subscribe: (channel, handler) => bus.subscribe(channel, handler),
      listenerCount: (channel) => bus.listenerCount(channel),
      close: async () => {},
    };
    const outbox = new Outbox({ bus: gatedBus, logger, config });
    outbox.start(orm, 'test');
    outboxes.push(outbox);
    const channel = `test:${randomUUID()}`;
    const events = await collect(channel);
    const committed = outbox.transactional(em(), async (_tx, added) => added.add(changeEvent(channel, randomUUID())));
    await publishing;
    const terminated = (await em().execute(
      `select pg_terminate_backend(pid) as ended from pg_stat_activity
       where datname = ? and pid <> pg_backend_pid() and query like '%relay_lock%'`,
      [databaseName],
    )) as { ended: boolean }[];
    expect(terminated.some((row) => row.ended)).toBe(true);
    release();
    await committed;
    // The round failed on its next statement (not an unhandled 'error' of the client); the retry
    // publishes the row again and marks it sent.
    await eventually(async () => (await countOf('select count(*) from outbox_events where sent_at is null')) === 0, 'the event marked sent');
    expect(events.received.length).toBeGreaterThanOrEqual(1);
    expect(new Set(events.received.map((event) => event.id)).size).toBe(1);
    await events.stop();
  });

  it('reports the backlog, and a relay starting later publishes what was committed before it', async () => {
    const writer = startOutbox({ relayEnabled: false });
    const channel = `test:${randomUUID()}`;
    const events = await collect(channel);
    const entityId = randomUUID();
    for (const step of [1, 2, 3]) {
      await writer.transactional(em(), async (_tx, added) => added.add(changeEvent(channel, entityId, { step })));
    }
    const backlog = await writer.backlog();
    expect(backlog.unsent).toBe(3);
    expect(backlog.oldestUnsentAt).toBeInstanceOf(Date);

    startOutbox();
    await waitUntil(() => events.received.length === 3, 'the backlog published');
    expect(events.received.map((event) => event.data)).toEqual([{ step: 1 }, { step: 2 }, { step: 3 }]);
    await eventually(async () => (await writer.backlog()).unsent === 0, 'the backlog marked sent');
    await events.stop();
  });

  it('shows the backlog and its age in /metrics and counts failed and successful publishes', async () => {
    const writer = startOutbox({ relayEnabled: false });
    const stopReporting = registerOutboxBacklog('test-writer', () => writer.backlog());
    const failing: EventBus = {
      publish: () => Promise.reject(new Error('the bus is down')),
      subscribe: (channel, handler) => bus.subscribe(channel, handler),
      listenerCount: (channel) => bus.listenerCount(channel),
      close: async () => {},
    };
    const down = new Outbox({ bus: failing, logger, config });
    outboxes.push(down);
    const failed = { service: 'test-down', type: 'test.changed' };
    const published = { service: 'test', type: 'test.changed' };
    const before = await metricsRegistry.metrics();
    try {
      const channel = `test:${randomUUID()}`;
      const events = await collect(channel);
      await writer.transactional(em(), async (_tx, added) => added.add(changeEvent(channel, randomUUID())));
      down.start(orm, 'test-down');
      await eventually(async () => sample(await metricsRegistry.metrics(), 'marquee_event_publish_failures_total', failed) > sample(before, 'marquee_event_publish_failures_total', failed), 'a failed publish counted');
      const during = await metricsRegistry.metrics();
      expect(sample(during, 'marquee_outbox_backlog', { service: 'test-writer' })).toBe(1);
      expect(during).toMatch(/^marquee_outbox_oldest_unsent_age_seconds\{service="test-writer"\} [\d.e+-]+$/m);

      // The bus is back (another instance's relay): published, counted, and the backlog drains.
      await down.stop();
      startOutbox();
      await waitUntil(() => events.received.length === 1, 'the event published');
      await eventually(async () => sample(await metricsRegistry.metrics(), 'marquee_outbox_backlog', { service: 'test-writer' }) === 0, 'the backlog at 0');
      const after = await metricsRegistry.metrics();
      expect(sample(after, 'marquee_events_published_total', published)).toBe(sample(before, 'marquee_events_published_total', published) + 1);
      expect(sample(after, 'marquee_outbox_oldest_unsent_age_seconds', { service: 'test-writer' })).toBe(0);
      await events.stop();
    } finally {
      stopReporting();
    }
    expect(await metricsRegistry.metrics()).not.toContain('service="test-writer"');
  });

  it('prunes published rows after the retention and keeps unsent ones', async () => {
    const writer = startOutbox({ relayEnabled: false });
    const channel = `test:${randomUUID()}`;
    await writer.transactional(em(), async (_tx, added) => {
      added.add(changeEvent(channel, randomUUID()));
      added.add(changeEvent(channel, randomUUID()));
    });
    await em().execute(`update outbox_events set sent_at = now() - interval '2 hours'
      where sequence = (select min(sequence) from outbox_events)`);
    expect(await writer.prune()).toBe(1);
    expect(await countOf('select count(*) from outbox_events')).toBe(1);
    expect((await writer.backlog()).unsent).toBe(1);
  });
});

/** The sum of one series' samples in a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) total += Number(line.split(' ').at(-1));
  }
  return total;
}
