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
  // Sorted, so transactions about several entities cannot deadlock each other.
  for (const entityId of [...new Set(events.map((event) => event.entityId))].sort()) {
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`outbox:${entityId}`]);
  }
  const rows = events.map((event) => ({
    id: randomUUID(),
    type: event.type,
    entity_id: event.entityId,
    channels: JSON.stringify(event.channels),
    // The change's trace context travels with the event: its delivery joins the same trace.
    data: JSON.stringify({ ...event.data, ...currentTraceContext() }),
  }));
  await tx.execute(tx.getKnex().insert(rows).into(OUTBOX_TABLE));
}
