/**
 * An event as it arrives on the bus (CONTRACTS.md §1): `id` for deduplication, `entityId` for
 * the lookup, `sequence` increasing per entity in commit order. A message without `id` or
 * `sequence` (an older publisher) is still served, just without deduplication or ordering.
 */
export interface Envelope {
  id?: string;
  type?: string;
  entityId: string;
  sequence?: number;
  /** When the change happened: delivery lag is measured from it. */
  occurredAt?: string;
  /** W3C trace context of the change (top level, or in `data`): its delivery joins that trace. */
  traceparent?: string;
  tracestate?: string;
}

/** The envelope when the message is one, otherwise null: the router never trusts the wire. */
export function parseEnvelope(message: string): Envelope | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const fields = value as Record<string, unknown>;
  if (typeof fields.entityId !== 'string' || fields.entityId === '') return null;
  return {
    entityId: fields.entityId,
    id: typeof fields.id === 'string' ? fields.id : undefined,
    type: typeof fields.type === 'string' ? fields.type : undefined,
    sequence: typeof fields.sequence === 'number' && Number.isFinite(fields.sequence) ? fields.sequence : undefined,
    occurredAt: typeof fields.occurredAt === 'string' ? fields.occurredAt : undefined,
    ...traceContextOf(fields),
  };
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The trace context an event carries, at its top level or in its data; only well-formed values. */
function traceContextOf(fields: Record<string, unknown>): { traceparent?: string; tracestate?: string } {
  const data = typeof fields.data === 'object' && fields.data !== null ? (fields.data as Record<string, unknown>) : {};
  const traceparent = fields.traceparent ?? data.traceparent;
  if (typeof traceparent !== 'string' || !TRACEPARENT.test(traceparent)) return {};
  const tracestate = fields.tracestate ?? data.tracestate;
  return { traceparent, ...(typeof tracestate === 'string' && tracestate.length <= 512 ? { tracestate } : {}) };
}

/** A Map that forgets its oldest entries beyond `capacity`: memory per cohort stays bounded. */
class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }
}

/**
 * Drops what a subscriber already got: an event id seen before (at-least-once delivery, one event
 * on several channels) and, per entity, a sequence not above the last one seen (a stale replay).
 * Remembers the last `capacity` ids and entities; older ones are long past any redelivery.
 */
export class EventFilter {
  private readonly ids: BoundedMap<string, true>;
  private readonly sequences: BoundedMap<string, number>;

  constructor(capacity = 10_000) {
    this.ids = new BoundedMap(capacity);
    this.sequences = new BoundedMap(capacity);
  }

  /** True when the event is new; records it. */
  accept(event: Envelope): boolean {
    if (event.id !== undefined) {
      if (this.ids.get(event.id)) return false;
      this.ids.set(event.id, true);
    }
    if (event.sequence !== undefined) {
      const last = this.sequences.get(event.entityId);
      if (last !== undefined && event.sequence <= last) return false;
      this.sequences.set(event.entityId, event.sequence);
    }
    return true;
  }
}
