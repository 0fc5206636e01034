import type { KeyValueStore, ReadinessCheck } from '@marquee/platform';
import { subgraphsOf } from './gateway.js';

/**
 * A subgraph's own readiness (`/ready`): whether it answers, and which of its dependencies are
 * down (its database), so the router's answer names them: `subgraph:food:database: false`.
 */
async function readinessOf(name: string, graphqlUrl: string, timeoutMs: number): Promise<[string, boolean][]> {
  try {
    const response = await fetch(new URL('/ready', graphqlUrl), { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json().catch(() => ({}))) as { checks?: Record<string, unknown> };
    const failing = Object.entries(body.checks ?? {})
      .filter(([, ok]) => ok === false)
      .map(([check]): [string, boolean] => [`subgraph:${name}:${check}`, false]);
    return [[`subgraph:${name}`, response.ok], ...failing];
  } catch {
    return [[`subgraph:${name}`, false]];
  }
}

/**
 * Ready when the gateway has loaded a supergraph and at least one subgraph it names is ready. A
 * subgraph that is not (down, or its database) is named and marks the router `degraded`, still
 * 200: the router answers every other field, and taking every router out of the load balancer
 * for one subgraph would turn a partial outage into a total one (ADR 0023). With no subgraph
 * ready at all this router can answer nothing (or cannot reach them): not ready.
 */
export function routerReadiness(options: {
  /** The supergraph the gateway serves now; undefined until it has loaded one. */
  supergraphSdl: () => string | undefined;
  subgraphUrls: Record<string, string>;
  /** Rate-limit counters: with Redis, reported as `redis` (true, or 'degraded' while it is down). */
  store?: KeyValueStore;
  timeoutMs?: number;
}): ReadinessCheck {
  return async () => {
    const sdl = options.supergraphSdl();
    if (sdl === undefined) return { supergraph: false };
    const subgraphs = subgraphsOf(sdl, options.subgraphUrls);
    const checks = await Promise.all(
      subgraphs.map(({ name, url }) => readinessOf(name, url, options.timeoutMs ?? 3000)),
    );
    const anyReady = checks.some((entries) => entries[0]?.[1] === true);
    const named: [string, boolean | 'degraded'][] = checks.flat().map(([check, ok]) => [check, ok || (anyReady ? 'degraded' : false)]);
    const health = options.store?.health?.();
    return { supergraph: true, ...Object.fromEntries(named), ...(health ? { redis: health === 'ok' ? true : ('degraded' as const) } : {}) };
  };
}
