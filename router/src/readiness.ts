import type { ReadinessCheck } from '@marquee/platform';
import { subgraphsOf } from './gateway.js';

async function reachable(graphqlUrl: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health', graphqlUrl), { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Ready when the gateway has loaded a supergraph and every subgraph it names answers /health. */
export function routerReadiness(options: {
  /** The supergraph the gateway serves now; undefined until it has loaded one. */
  supergraphSdl: () => string | undefined;
  subgraphUrls: Record<string, string>;
  timeoutMs?: number;
}): ReadinessCheck {
  return async () => {
    const sdl = options.supergraphSdl();
    if (sdl === undefined) return { supergraph: false };
    const subgraphs = subgraphsOf(sdl, options.subgraphUrls);
    const checks = await Promise.all(
      subgraphs.map(async ({ name, url }) => [`subgraph:${name}`, await reachable(url, options.timeoutMs ?? 1000)] as const),
    );
    return { supergraph: true, ...Object.fromEntries(checks) };
  };
}
