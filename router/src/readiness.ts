import { readFile } from 'node:fs/promises';
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

/** Ready when the supergraph is loaded and every subgraph it names answers /health. */
export function routerReadiness(options: {
  loaded: () => boolean;
  supergraphPath: string;
  subgraphUrls: Record<string, string>;
  timeoutMs?: number;
}): ReadinessCheck {
  return async () => {
    const subgraphs = subgraphsOf(await readFile(options.supergraphPath, 'utf8'), options.subgraphUrls);
    const checks = await Promise.all(
      subgraphs.map(async ({ name, url }) => [`subgraph:${name}`, await reachable(url, options.timeoutMs ?? 1000)] as const),
    );
    return { supergraph: options.loaded(), ...Object.fromEntries(checks) };
  };
}
