import { post, type Operation } from './graphql-client.js';
import { elapsedMs, summarize, type LatencySummary } from './stats.js';

export interface LoadOptions {
  /** Total requests, fixed: the run ends when they are answered, not after a time. */
  requests: number;
  /** Requests in flight at once (closed loop: each worker sends its next when one returns). */
  concurrency: number;
  /** Requests before measuring, to warm the query-plan cache and connections. */
  warmup?: number;
}

export interface LoadResult {
  requests: number;
  concurrency: number;
  durationMs: number;
  requestsPerSecond: number;
  /** Non-200 answers, GraphQL errors or failed connections. */
  errors: number;
  latency: LatencySummary;
  firstError?: string;
}

/**
 * A small closed-loop load generator on loopback: `concurrency` workers share a fixed budget
 * of requests, each timing its own round trips.
 */
export async function runLoad(routerUrl: string, operation: Operation, options: LoadOptions): Promise<LoadResult> {
  for (let i = 0; i < (options.warmup ?? 0); i += 1) await post(routerUrl, operation);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let issued = 0;
  const worker = async () => {
    while (issued < options.requests) {
      issued += 1;
      const start = performance.now();
      try {
        const result = await post(routerUrl, operation);
        latencies.push(elapsedMs(start));
        if (result.status !== 200 || result.errors.length > 0) {
          errors += 1;
          firstError ??= `${result.status} ${JSON.stringify(result.errors[0] ?? null)}`;
        }
      } catch (error) {
        latencies.push(elapsedMs(start));
        errors += 1;
        firstError ??= String(error);
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const durationMs = elapsedMs(start);
  return {
    requests: options.requests,
    concurrency: options.concurrency,
    durationMs,
    requestsPerSecond: (options.requests / durationMs) * 1000,
    errors,
    latency: summarize(latencies),
    ...(firstError ? { firstError } : {}),
  };
}
