import { recordEventPublished } from '../telemetry/metrics.js';
import { contextFromTraceparent, currentTraceContext, SpanKind, tracingEnabled, withSpan } from '../telemetry/tracing.js';
import type { EventEnvelope } from './envelope.js';

/** The trace context the writer stored with an event (writer.ts puts it into the row's data). */
function storedTraceContext(data: Record<string, unknown>): { traceparent?: string; tracestate?: string } {
  const { traceparent, tracestate } = data;
  if (typeof traceparent !== 'string') return {};
  return { traceparent, ...(typeof tracestate === 'string' ? { tracestate } : {}) };
}

/**
 * Publishes one outbox event in a PRODUCER span that continues the trace of the change that
 * wrote it, and counts it (`marquee_events_published_total`, or `..._publish_failures_total`).
 * The message carries the trace context at the top of its envelope: the publish span's while
 * tracing, so each delivery becomes that span's child; the change's own otherwise (a relay of
 * another process, untraced, still links the delivery to the change). The event's data goes out
 * without it. `send` publishes the message on every channel of the event.
 */
export async function publishEvent(
  service: string,
  envelope: EventEnvelope,
  options: { channels: number; replay: boolean },
  send: (message: string) => Promise<void>,
): Promise<void> {
  const { traceparent: _traceparent, tracestate: _tracestate, ...data } = envelope.data;
  const stored = storedTraceContext(envelope.data);
  const attributes = {
    'messaging.system': 'redis',
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'publish',
    'messaging.message.id': envelope.id,
    'messaging.batch.message_count': options.channels,
    'marquee.service': service,
    'marquee.event.type': envelope.type,
    'marquee.event.sequence': envelope.sequence,
    // Published once more after a bus outage (same id and sequence: consumers drop copies).
    'marquee.event.replay': options.replay,
  };
  try {
    await withSpan(
      `publish ${envelope.type}`,
      attributes,
      async () => {
        const traceContext = tracingEnabled() ? currentTraceContext() : stored;
        await send(JSON.stringify({ ...envelope, data, ...traceContext }));
      },
      { kind: SpanKind.PRODUCER, parent: contextFromTraceparent(stored) },
    );
  } catch (error) {
    recordEventPublished(service, envelope.type, false);
    throw error;
  }
  recordEventPublished(service, envelope.type);
}
