import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../database/orm.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import type { OutboxConfig } from './config.js';
import { OutboxRelay, type OutboxBacklog } from './relay.js';
import { writeOutboxEvents, type NewOutboxEvent } from './writer.js';
import { noteEntityChanges } from '../cache/entity-changes.js';

export { OutboxEvent, OutboxEventSchema, OUTBOX_TABLE } from './entity.js';
export { parseEventEnvelope, type EventEnvelope } from './envelope.js';
export { readOutboxConfig, type OutboxConfig } from './config.js';
export { OutboxRelay, type OutboxBacklog } from './relay.js';
export { writeOutboxEvents, type NewOutboxEvent } from './writer.js';

/** The longest a change's answer waits for its events to be published (normally milliseconds). */
const PUBLISH_WAIT_MS = 1000;

/** What a service's transaction adds its events to. */
export interface OutboxEvents {
  add(event: NewOutboxEvent): void;
}

export interface OutboxOptions {
  bus: EventBus;
  logger: Logger;
  config: OutboxConfig;
}

/**
 * A subgraph's transactional outbox: services write events in the transaction of their change
 * (`transactional`), and the relay publishes them once committed. Created with the subgraph's
 * services; `startSubgraph` starts it on the subgraph's database and stops it after HTTP drained.
 */
export class Outbox {
  private relay: OutboxRelay | null = null;

  constructor(private readonly options: OutboxOptions) {}

  /**
   * Starts the relay on the subgraph's own (migrated) database, unless OUTBOX_RELAY=off.
   * `service` names its publish spans and metrics.
   */
  start(orm: Orm, service: string): void {
    if (this.relay) return;
    const databaseUrl = orm.config.get('clientUrl');
    if (!databaseUrl) throw new Error('the outbox needs the database URL of its subgraph');
    this.relay = new OutboxRelay({ ...this.options, service, databaseUrl });
    if (this.options.config.relayEnabled) this.relay.start();
  }

  /**
   * Runs `work` in one transaction; the events it adds are written last in that transaction, so
   * the change and its events commit (or roll back) together, then the relay is woken and, for a
   * second at most, awaited (see nudge). Inside a
   * transaction already open, the events commit with that outer one (the poll publishes them).
   */
  async transactional<T>(em: EntityManager, work: (tx: EntityManager, events: OutboxEvents) => Promise<T>): Promise<T> {
    let pending: NewOutboxEvent[] = [];
    const result = await em.transactional(async (tx) => {
      pending = [];
      const value = await work(tx, { add: (event) => void pending.push(event) });
      if (pending.length > 0) {
        // The change first, then the outbox rows: their per-entity lock is held until commit only.
        await tx.flush();
        await writeOutboxEvents(tx, pending);
      }
      return value;
    });
    if (pending.length > 0) {
      // Committed: this request's answer tells the router which cached types to drop (README: Caching).
      noteEntityChanges(pending);
      await this.nudge();
    }
    return result;
  }

  /**
   * Wakes the relay after a commit (`transactional` does it; after writeOutboxEvents in a
   * transaction of your own, call it yourself). Resolves once the relay has published what was
   * committed (a client that got its answer knows subscribers have been told), at once while the
   * bus is down or the relay is off here, and after PUBLISH_WAIT_MS at most: never an error.
   */
  async nudge(): Promise<void> {
    if (!this.options.config.relayEnabled || !this.relay) return;
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, PUBLISH_WAIT_MS);
      timer.unref();
    });
    await Promise.race([this.relay.nudge(), cap]);
    clearTimeout(timer);
  }

  /** Events committed and not yet published: what an operator watches (a growing backlog means the bus is down). */
  backlog(): Promise<OutboxBacklog> {
    if (!this.relay) throw new Error('the outbox is not started');
    return this.relay.backlog();
  }

  /** Deletes rows published longer ago than the retention (the relay also does it on its own). */
  prune(): Promise<number> {
    if (!this.relay) throw new Error('the outbox is not started');
    return this.relay.prune();
  }

  /** Publishes what it can, then closes its connections. Part of the subgraph's stop(). */
  async stop(): Promise<void> {
    const relay = this.relay;
    this.relay = null;
    if (!relay) return;
    if (this.options.config.relayEnabled) await relay.stop();
    else await relay.close();
  }
}
