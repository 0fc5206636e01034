import { currentTraceContext } from '../telemetry/tracing.js';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OUTBOX_TABLE } from './entity.js';

/** An event as a service states it; the outbox adds its id, sequence and time. */
export interface NewOutboxEvent {
  /** e.g. food.order.placed */
  type: string;
  /** What the event is about: what a subscriber looks up, and the unit of ordering. */
  entityId: string;
  /** Every bus channel it is published on, with one id. */
  channels: string[];
  data: Record<string, unknown>;
}

/**
 * Writes events into the outbox inside the caller's transaction, so they commit or roll back with
 * the change. Call it last, after the transaction's other writes are flushed: it takes a
 * transaction lock per entity, so that two transactions about one entity get their sequences in
 * the order they commit, and the lock is best held for the shortest time.
 */
export async function writeOutboxEvents(tx: EntityManager, events: readonly NewOutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  if (!tx.isInTransaction()) throw new Error('outbox events are written inside the transaction of their change');
  // Sorted, so transactions about several entities cannot deadlock each other. The last lock is
  // taken by the insert itself (one statement fewer per change: one entity is the common case).
  const entityIds = [...new Set(events.map((event) => event.entityId))].sort();
  for (const entityId of entityIds.slice(0, -1)) {
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`outbox:${entityId}`]);
  }
  const values = events.map(() => '(?::uuid, ?, ?, ?::jsonb, ?::jsonb)').join(', ');
  const parameters = events.flatMap((event) => [
    randomUUID(),
    event.type,
    event.entityId,
    JSON.stringify(event.channels),
    // The change's trace context travels with the event: its delivery joins the same trace.
    JSON.stringify({ ...event.data, ...currentTraceContext() }),
  ]);
  // The lock is a one-row join taken before any row (so before any sequence value) is formed.
  await tx.execute(
    `insert into ${OUTBOX_TABLE} (id, type, entity_id, channels, data)
     select event.* from (select pg_advisory_xact_lock(hashtextextended(?, 0))) as entity_lock,
       (values ${values}) as event(id, type, entity_id, channels, data)`,
    [`outbox:${entityIds.at(-1)!}`, ...parameters],
  );
}
