import type { EventBus } from '../events.js';
import type { EventEnvelope } from './envelope.js';
import { publishEvent } from './publish-telemetry.js';

/** A publish that takes longer counts as failed (and is retried: at least once). */
const PUBLISH_TIMEOUT_MS = 3000;

/** An outbox row as the relay reads it. */
export interface OutboxRow {
  sequence: string;
  id: string;
  type: string;
  entity_id: string;
  channels: string[];
  data: Record<string, unknown>;
  occurred_at: Date;
}

export const toEnvelope = (row: OutboxRow): EventEnvelope => ({
  id: row.id,
  type: row.type,
  entityId: row.entity_id,
  sequence: Number(row.sequence),
  occurredAt: row.occurred_at.toISOString(),
  data: row.data,
});

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`publish took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Publishes rows in sequence order: rows of different entities go out together, rows of one
 * entity one after the other, and nothing of an entity after one of its rows failed. Returns the
 * sequences that went out and the first failure. Each publish is traced and counted
 * (publish-telemetry.ts).
 */
export async function publishRows(rows: readonly OutboxRow[], options: { service: string; bus: EventBus; replay: boolean }): Promise<{ sent: string[]; failure: unknown }> {
  const sent: string[] = [];
  const chains = new Map<string, Promise<boolean>>();
  let failure: unknown;
  for (const row of rows) {
    const previous = chains.get(row.entity_id) ?? Promise.resolve(true);
    chains.set(
      row.entity_id,
      previous.then(async (ok) => {
        if (!ok) return false;
        try {
          await publishEvent(options.service, toEnvelope(row), { channels: row.channels.length, replay: options.replay }, async (message) => {
            await withTimeout(Promise.all(row.channels.map((channel) => options.bus.publish(channel, message))), PUBLISH_TIMEOUT_MS);
          });
          sent.push(row.sequence);
          return true;
        } catch (error) {
          failure ??= error;
          return false;
        }
      }),
    );
  }
  await Promise.all(chains.values());
  return { sent, failure };
}
