/**
 * The message every outbox event is published as (CONTRACTS.md §1). Consumers drop a message
 * whose `id` they have seen, and for one `entityId` anything whose `sequence` is not above the
 * last one they handled.
 */
export interface EventEnvelope<TData = Record<string, unknown>> {
  id: string;
  type: string;
  entityId: string;
  sequence: number;
  /** ISO 8601: when the change's transaction ran. */
  occurredAt: string;
  data: TData;
  /**
   * W3C trace context of the publish (or of the change, when the publisher does not trace): a
   * consumer's span for the event continues that trace. Optional; never part of `data`.
   */
  traceparent?: string;
  tracestate?: string;
}

/** The envelope when the message is one, otherwise null: a listener never trusts the wire. */
export function parseEventEnvelope(message: string): EventEnvelope | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Partial<EventEnvelope>;
  const valid =
    typeof candidate.id === 'string' &&
    typeof candidate.type === 'string' &&
    typeof candidate.entityId === 'string' &&
    typeof candidate.sequence === 'number' &&
    typeof candidate.occurredAt === 'string' &&
    typeof candidate.data === 'object' &&
    candidate.data !== null;
  return valid ? (candidate as EventEnvelope) : null;
}
