import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import type { Environment } from '../config.js';

export interface TelemetryOptions {
  /** `service.name` unless OTEL_SERVICE_NAME says otherwise. */
  serviceName: string;
  env?: Environment;
  /** Export here instead of what OTEL_* configure, synchronously (tests use an in-memory exporter). */
  exporter?: SpanExporter;
}

export interface Telemetry {
  /** False when no OTEL_* variable asks for traces: then nothing is recorded or exported. */
  tracing: boolean;
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

let active: { provider: NodeTracerProvider; stopInstrumentations: () => void } | undefined;

/**
 * Traces are on when the standard variables ask for them: an OTLP endpoint
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) or OTEL_TRACES_EXPORTER=otlp|console;
 * OTEL_SDK_DISABLED=true and OTEL_TRACES_EXPORTER=none turn them off.
 */
export function tracesRequested(env: Environment): boolean {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporter === 'none') return false;
  if (exporter === 'otlp' || exporter === 'console') return true;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

function processorsFor(options: TelemetryOptions, env: Environment): SpanProcessor[] {
  if (options.exporter) return [new SimpleSpanProcessor(options.exporter)];
  const names = (env.OTEL_TRACES_EXPORTER ?? 'otlp').split(',').map((name) => name.trim().toLowerCase());
  const processors: SpanProcessor[] = [];
  // Batching keeps export off the request path; OTEL_BSP_* tune it. The exporter reads OTEL_EXPORTER_OTLP_*.
  if (names.includes('otlp')) processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  if (names.includes('console')) processors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
  return processors;
}

/**
 * Starts tracing for this process once (the first service to start wins; `npm start` runs all of
 * them in one process). W3C traceparent is read from requests and written on outgoing fetches
 * (undici instrumentation); the router's gateway spans, the subgraphs' GraphQL spans, SQL
 * statements and events join the same traces. Without OTEL_* configuration this does nothing.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const env = options.env ?? process.env;
  if (!options.exporter && !tracesRequested(env)) return { tracing: false, shutdown: async () => {} };
  if (active) return { tracing: true, shutdown: async () => {} };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || options.serviceName }),
    spanProcessors: processorsFor(options, env),
  });
  // Sets the global provider, the AsyncLocalStorage context manager and the W3C propagators.
  provider.register();
  const stopInstrumentations = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new UndiciInstrumentation({
        // Probes (readiness of subgraphs, JWKS) would bury the traces that matter.
        ignoreRequestHook: (request) => /\/(health|ready|metrics)$/.test(request.path.split('?')[0] ?? ''),
      }),
    ],
  });
  const current = { provider, stopInstrumentations };
  active = current;
  return {
    tracing: true,
    async shutdown() {
      if (active !== current) return;
      active = undefined;
      current.stopInstrumentations();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

export function tracingEnabled(): boolean {
  return active !== undefined;
}

export function tracer(): Tracer {
  return trace.getTracer('marquee');
}

const PROBES = new Set(['/health', '/ready', '/metrics']);

/** The SERVER spans of incoming requests: only these are renamed after the GraphQL operation. */
const requestSpans = new WeakSet<Span>();

/** The active span when it is an incoming request's (not, say, a subscription delivery's). */
export function activeRequestSpan(): Span | undefined {
  const span = trace.getActiveSpan();
  return span && requestSpans.has(span) ? span : undefined;
}

/**
 * A SERVER span for one incoming request, child of the caller's `traceparent`, active while
 * `handler` runs, ended when the response is sent. Probes are not traced. Off: just `handler()`.
 */
export function traceIncomingRequest<T>(service: string, req: IncomingMessage, res: ServerResponse, path: string, handler: () => Promise<T>): Promise<T> {
  if (!active || PROBES.has(path)) return handler();
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer().startSpan(
    `${req.method ?? 'GET'} ${path}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'marquee.service': service, 'http.request.method': req.method ?? 'GET', 'url.path': path },
    },
    parent,
  );
  requestSpans.add(span);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
  return context.with(trace.setSpan(parent, span), handler);
}

/** Runs `work` inside a new span (child of the active one), recording a thrown error on it. */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  options: { kind?: SpanKind; parent?: Context; links?: Link[] } = {},
): Promise<T> {
  if (!active) return work(trace.wrapSpanContext({ traceId: '', spanId: '', traceFlags: 0 }));
  return tracer().startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes, links: options.links }, options.parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The W3C trace context of the active span, for an event or an outbox row; empty when not tracing. */
export function currentTraceContext(): { traceparent?: string; tracestate?: string } {
  if (!active) return {};
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? { traceparent: carrier.traceparent, ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}) } : {};
}

/** The context a stored `traceparent` names (ROOT when absent), to continue that trace. */
export function contextFromTraceparent(carrier: { traceparent?: unknown; tracestate?: unknown } | null | undefined): Context {
  if (!active || typeof carrier?.traceparent !== 'string') return ROOT_CONTEXT;
  const headers: Record<string, string> = { traceparent: carrier.traceparent };
  if (typeof carrier.tracestate === 'string') headers.tracestate = carrier.tracestate;
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** For tests: spans kept in memory, handed to `startTelemetry({ exporter })`. */
export { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
export { SpanKind };

/** Links to the spans stored `traceparent`s name (none when not tracing): one operation serving several causes. */
export function linksFromTraceparents(carriers: readonly ({ traceparent?: unknown; tracestate?: unknown } | null | undefined)[]): Link[] {
  if (!active) return [];
  const links: Link[] = [];
  for (const carrier of carriers) {
    const spanContext = trace.getSpanContext(contextFromTraceparent(carrier));
    if (spanContext && trace.isSpanContextValid(spanContext)) links.push({ context: spanContext });
  }
  return links;
}
