import pg from 'pg';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import type { OutboxConfig } from './config.js';
import { OUTBOX_TABLE } from './entity.js';
import { publishRows, type OutboxRow } from './publish-rows.js';

/**
 * The session lock only one relay of a database holds while it publishes (two-key form, so it
 * cannot collide with the per-entity locks of writeOutboxEvents): rounds of several instances never
 * overlap, which keeps per-entity order without any claim bookkeeping.
 */
const RELAY_LOCK = [0x6f757462, 0x72656c79] as const;
/** First wait after a failed round; it doubles up to OutboxConfig.retryMaxMs. */
const RETRY_BASE_MS = 100;
/** First wait when another instance is publishing: it will be done in milliseconds. */
const BUSY_RETRY_MS = 20;
/**
 * After the bus comes back, subscribers reconnect on their own schedule (ioredis waits up to 2 s
 * between attempts) and Redis pub/sub keeps nothing for one that is not connected yet. So events
 * published around a recovery are published once more this long after it (same id and sequence:
 * consumers drop the copies they already have).
 */
const REPLAY_AFTER_MS = 3000;
const REPLAY_LOOKBACK_MS = REPLAY_AFTER_MS + 2000;
const REPLAY_LIMIT = 5000;
const PRUNE_BATCH = 5000;
const PRUNE_MAX_BATCHES = 20;
const PRUNE_INTERVAL_MS = 10 * 60_000;

export interface OutboxBacklog {
  /** Events committed and not yet published. */
  unsent: number;
  /** When the oldest of them was committed; null when there are none. */
  oldestUnsentAt: Date | null;
  /** Since when this instance's relay has failed to publish (the bus is down); null while it publishes. */
  failingSince: Date | null;
}

type Outcome = 'drained' | 'busy' | 'failed';

export interface OutboxRelayOptions {
  /** The publishing service: names its spans and metrics. */
  service: string;
  /** The subgraph's own database. */
  databaseUrl: string;
  bus: EventBus;
  logger: Logger;
  config: OutboxConfig;
}

/**
 * Publishes committed outbox rows on the event bus in sequence order and marks them sent. Woken
 * by a commit in this process (nudge), by a timer otherwise; while the bus fails it keeps the rows
 * and retries with a doubling wait. A row is marked sent only after its publish succeeded, so a
 * crash in between publishes it again with the same id (at least once). It uses connections of
 * its own, outside the ORM, so requests never wait for it.
 */
export class OutboxRelay {
  private readonly pool: pg.Pool;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private current: Promise<void> | null = null;
  private again = false;
  /** Callers of nudge() waiting for a round that starts after their call. */
  private readonly waiters: (() => void)[] = [];
  private failures = 0;
  private failingSince: Date | null = null;
  private busyRounds = 0;
  private stopped = false;
  private nextPruneAt = 0;
  /** When recent events are to be published once more (after a bus outage), if they are. */
  private replayAt: number | null = null;
  private stopListeningForReconnects: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
    // An idle connection the server dropped: the next round opens another.
    this.pool.on('error', (error) => options.logger.warn('outbox relay connection lost', { error }));
  }

  /** Publishes whatever was committed but not sent (a previous process may have died), then keeps going. */
  start(): void {
    this.stopListeningForReconnects = this.options.bus.onReconnect?.(() => this.replaySoon());
    this.schedule(0);
  }

  /**
   * A transaction with events committed here: publish now rather than at the next poll. Resolves
   * when a round that read the outbox after this call is over (or at once while the bus fails);
   * it never rejects.
   */
  nudge(): Promise<void> {
    // While the bus is failing, the backoff timer retries; commits must not turn into a retry storm.
    if (this.stopped || this.failures > 0) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.current) this.again = true;
    else this.schedule(0);
    return done;
  }

  private releaseWaiters(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  async backlog(): Promise<OutboxBacklog> {
    const { rows } = await this.pool.query<{ unsent: number; oldest: Date | null }>(
      `select count(*)::int as unsent, min(occurred_at) as oldest from ${OUTBOX_TABLE} where sent_at is null`,
    );
    return { unsent: rows[0]?.unsent ?? 0, oldestUnsentAt: rows[0]?.oldest ?? null, failingSince: this.failingSince };
  }

  /** Deletes rows published longer ago than the retention; returns how many. */
  async prune(): Promise<number> {
    let deleted = 0;
    for (let batch = 0; batch < PRUNE_MAX_BATCHES; batch += 1) {
      const { rowCount } = await this.pool.query(
        `delete from ${OUTBOX_TABLE} where sequence in (
           select sequence from ${OUTBOX_TABLE} where sent_at < now() - make_interval(secs => $1) limit $2)`,
        [this.options.config.retentionMs / 1000, PRUNE_BATCH],
      );
      deleted += rowCount ?? 0;
      if ((rowCount ?? 0) < PRUNE_BATCH) break;
    }
    return deleted;
  }

  /** Stops the timers, waits for a round in flight, tries one last round, closes its connections. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopListeningForReconnects?.();
    clearTimeout(this.timer);
    while (this.current) await this.current;
    this.releaseWaiters();
    // What was committed while HTTP drained goes out now rather than at the next start.
    if (this.failures === 0) await this.round();
    await this.pool.end();
  }

  /** Closes its connections without publishing (a relay that was never started). */
  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    while (this.current) await this.current;
    this.releaseWaiters();
    await this.pool.end();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const at = Date.now() + delayMs;
    if (this.timer && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      if (this.current) {
        this.again = true;
        return;
      }
      this.current = this.run().finally(() => {
        this.current = null;
        // A wake-up that came after the round's last read.
        if (this.again && this.failures === 0) this.schedule(0);
      });
    }, delayMs);
  }

  private async run(): Promise<void> {
    let outcome: Outcome;
    do {
      this.again = false;
      const waiting = this.waiters.splice(0);
      outcome = await this.round();
      for (const resolve of waiting) resolve();
    } while (outcome === 'drained' && this.again && !this.stopped);
    // Failed or busy: nobody waits for a retry (or for another instance's round).
    if (outcome !== 'drained' || this.stopped) this.releaseWaiters();
    if (outcome === 'drained' && this.replayAt !== null && Date.now() >= this.replayAt) {
      this.replayAt = null;
      await this.replayRecent();
    }
    if (outcome === 'drained' && Date.now() >= this.nextPruneAt) {
      this.nextPruneAt = Date.now() + Math.min(PRUNE_INTERVAL_MS, this.options.config.retentionMs);
      await this.prune().catch((error: unknown) => this.options.logger.warn('outbox prune failed', { error }));
    }
    this.next(outcome);
  }

  private next(outcome: Outcome): void {
    const { config, logger } = this.options;
    if (outcome === 'failed') {
      this.failures += 1;
      this.failingSince ??= new Date();
      const ceiling = Math.min(RETRY_BASE_MS * 2 ** Math.min(this.failures - 1, 20), config.retryMaxMs);
      // Jitter: instances that failed together do not retry together.
      this.schedule(Math.round(ceiling / 2 + (Math.random() * ceiling) / 2));
      return;
    }
    if (outcome === 'busy') {
      this.busyRounds += 1;
      this.schedule(Math.min(BUSY_RETRY_MS * 2 ** Math.min(this.busyRounds - 1, 10), config.pollIntervalMs));
      return;
    }
    if (this.failures > 0) {
      logger.info('outbox relay publishing again', { failedRounds: this.failures });
      this.replaySoon();
    }
    this.failures = 0;
    this.failingSince = null;
    this.busyRounds = 0;
    const untilReplay = this.replayAt === null ? Number.POSITIVE_INFINITY : Math.max(this.replayAt - Date.now(), 0);
    this.schedule(this.again ? 0 : Math.min(config.pollIntervalMs, untilReplay));
  }

  private replaySoon(): void {
    this.replayAt = Date.now() + REPLAY_AFTER_MS;
    this.schedule(REPLAY_AFTER_MS);
  }

  /** Publishes the events sent in the last few seconds once more (see REPLAY_AFTER_MS). */
  private async replayRecent(): Promise<void> {
    try {
      const { rows } = await this.pool.query<OutboxRow>(
        `select sequence, id, type, entity_id, channels, data, occurred_at from ${OUTBOX_TABLE}
         where sent_at is not null and sent_at >= now() - make_interval(secs => $1) order by sequence limit $2`,
        [REPLAY_LOOKBACK_MS / 1000, REPLAY_LIMIT],
      );
      if (rows.length === 0) return;
      const sent = await this.publish(rows, true);
      this.options.logger.info('outbox relay published recent events once more after a bus outage', { events: sent.length });
    } catch (error) {
      this.options.logger.warn('outbox relay could not publish recent events once more', { error });
    }
  }

  private reportFailure(error: unknown): void {
    const fields = { error, failedRounds: this.failures + 1 };
    // One warning when publishing starts failing, not one per retry.
    if (this.failures === 0) this.options.logger.warn('outbox relay could not publish; events are kept and retried', fields);
    else this.options.logger.debug('outbox relay could not publish; events are kept and retried', fields);
  }

  /**
   * One round under the relay lock: read unsent rows in order, publish, mark, until none are left.
   * Taking the lock rides on the first read and releasing it on the last mark, so a round of a
   * few events costs two statements (it runs once per commit under load).
   */
  private async round(): Promise<Outcome> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      this.reportFailure(error);
      return 'failed';
    }
    let broken = false;
    // A checked-out client has no listener of the pool's: the server ending the connection while
    // the round waits on the bus would be an unhandled 'error' (a crashed process). The round's
    // next statement fails instead, and the client is destroyed.
    const lost = () => {
      broken = true;
    };
    client.on('error', lost);
    const { batchSize } = this.options.config;
    try {
      // A row whose `locked` is false means another instance is publishing; a row of nulls, none left.
      const { rows: first } = await client.query<Partial<OutboxRow> & { locked: boolean }>(
        `with relay_lock as materialized (select pg_try_advisory_lock($1, $2) as locked)
         select relay_lock.locked, unsent.* from relay_lock left join lateral (
           select sequence, id, type, entity_id, channels, data, occurred_at from ${OUTBOX_TABLE}
           where relay_lock.locked and sent_at is null order by sequence limit $3) unsent on true`,
        [...RELAY_LOCK, batchSize],
      );
      if (first[0]?.locked !== true) return 'busy';
      let rows = first.filter((row): row is OutboxRow & { locked: boolean } => row.sequence !== null && row.sequence !== undefined);
      for (;;) {
        const sent = rows.length > 0 ? await this.publish(rows) : [];
        const last = rows.length < batchSize || sent.length < rows.length;
        if (last) {
          // The last mark and the unlock in one statement; reading `marked` makes the update run
          // first. Another relay taking the lock before this statement commits would publish these
          // rows once more: harmless, consumers drop a repeated id (delivery is at least once).
          await client.query(
            `with marked as (update ${OUTBOX_TABLE} set sent_at = now() where sequence = any($3::bigint[]) returning 1)
             select pg_advisory_unlock($1, $2) from (select count(*) from marked) as done`,
            [...RELAY_LOCK, sent],
          );
          return sent.length < rows.length ? 'failed' : 'drained';
        }
        await client.query(`update ${OUTBOX_TABLE} set sent_at = now() where sequence = any($1::bigint[])`, [sent]);
        ({ rows } = await client.query<OutboxRow & { locked: boolean }>(
          `select true as locked, sequence, id, type, entity_id, channels, data, occurred_at from ${OUTBOX_TABLE}
           where sent_at is null order by sequence limit $1`,
          [batchSize],
        ));
      }
    } catch (error) {
      // A connection that failed may still hold the lock: it is destroyed, not reused.
      broken = true;
      this.reportFailure(error);
      return 'failed';
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  /** Publishes rows (publish-rows.ts) and reports a failure once; returns the sequences that went out. */
  private async publish(rows: OutboxRow[], replay = false): Promise<string[]> {
    const { sent, failure } = await publishRows(rows, { service: this.options.service, bus: this.options.bus, replay });
    if (failure !== undefined) this.reportFailure(failure);
    return sent;
  }
}
