import { EntitySchema } from '@mikro-orm/core';

/**
 * One event waiting to be published (sentAt null) or already published (kept for a while, then
 * pruned). A publishing subgraph lists OutboxEventSchema among its entities, so its own database
 * gets the table through its own committed migration.
 */
export class OutboxEvent {
  /** bigserial: allocated under a per-entity lock, so it grows per entity in commit order. */
  sequence!: string;
  /** What consumers deduplicate by: the same for every copy of the event. */
  id!: string;
  type!: string;
  entityId!: string;
  /** Bus channels the event goes to (before the Redis key prefix). */
  channels!: string[];
  data!: Record<string, unknown>;
  occurredAt!: Date;
  sentAt!: Date | null;
}

export const OUTBOX_TABLE = 'outbox_events';

export const OutboxEventSchema = new EntitySchema<OutboxEvent>({
  class: OutboxEvent,
  tableName: OUTBOX_TABLE,
  indexes: [
    // The relay's only scan: unsent rows in sequence order, however many sent rows are kept.
    {
      name: 'outbox_events_unsent_index',
      expression: 'create index "outbox_events_unsent_index" on "outbox_events" ("sequence") where "sent_at" is null',
    },
    // Pruning: sent rows by age.
    {
      name: 'outbox_events_sent_index',
      expression: 'create index "outbox_events_sent_index" on "outbox_events" ("sent_at") where "sent_at" is not null',
    },
  ],
  properties: {
    sequence: { type: 'bigint', primary: true, autoincrement: true },
    id: { type: 'uuid' },
    type: { type: 'text' },
    entityId: { type: 'text' },
    channels: { type: 'json' },
    data: { type: 'json' },
    occurredAt: { type: 'datetime', defaultRaw: 'now()' },
    sentAt: { type: 'datetime', nullable: true },
  },
});
