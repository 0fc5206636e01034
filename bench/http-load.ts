import { Pool } from 'undici';
import { summarize, type LatencySummary } from './stats.js';

/** One request's body and headers; `pick(i)` may vary them (distinct users). */
export interface LoadRequest {
  body: string;
  headers: Record<string, string>;
}

export interface TimedLoadOptions {
  /** Requests in flight at once, each on its own keep-alive connection (closed loop). */
  connections: number;
  durationMs: number;
  /** Time spent loading before measuring starts (connections, plan caches, JIT). */
  warmupMs: number;
  pick: (index: number) => LoadRequest;
}

export interface TimedLoadResult {
  requests: number;
  durationMs: number;
  requestsPerSecond: number;
  latency: LatencySummary;
  /** Non-200 answers, answers with `errors`, failed connections. */
  errors: number;
  firstError?: string;
}

/**
 * A closed-loop load generator over undici's Pool (cheaper per request than fetch, so the client
 * steals less CPU from the services it measures): `connections` workers each send their next
 * request as soon as the last is answered, for a fixed time.
 */
export async function timedLoad(url: string, options: TimedLoadOptions, onMeasureStart?: () => void): Promise<TimedLoadResult> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let index = 0;
  let measuring = false;
  let stopAt = Number.POSITIVE_INFINITY;
  const worker = async () => {
    while (performance.now() < stopAt) {
      const request = options.pick(index++);
      const start = performance.now();
      let failure: string | undefined;
      try {
        const response = await pool.request({
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...request.headers },
          body: request.body,
        });
        const text = await response.body.text();
        if (response.statusCode !== 200) failure = `${response.statusCode} ${text.slice(0, 200)}`;
        else if (text.includes('"errors":')) failure = text.slice(0, 300);
      } catch (error) {
        failure = String(error);
      }
      if (!measuring) continue;
      latencies.push(performance.now() - start);
      if (failure !== undefined) {
        errors += 1;
        firstError ??= failure;
      }
    }
  };
  const warmupEnds = performance.now() + options.warmupMs;
  stopAt = warmupEnds + options.durationMs;
  const workers = Array.from({ length: options.connections }, worker);
  await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
  measuring = true;
  onMeasureStart?.();
  const measuredFrom = performance.now();
  await Promise.all(workers);
  const durationMs = performance.now() - measuredFrom;
  await pool.close();
  return {
    requests: latencies.length,
    durationMs,
    requestsPerSecond: (latencies.length / durationMs) * 1000,
    latency: summarize(latencies),
    errors,
    ...(firstError ? { firstError } : {}),
  };
}

/** One request, the answer's bytes as sent: for comparing gateways' answers. */
export async function rawAnswer(url: string, request: LoadRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...request.headers }, body: request.body });
  return { status: response.status, text: await response.text() };
}
