import { fileURLToPath } from 'node:url';
import { EnvReader, readPlatformConfig, type Environment, type PlatformConfig } from '@marquee/platform';

export const SUBGRAPH_NAMES = ['auth', 'catalog', 'inventory', 'booking', 'food'] as const;

export interface RouterConfig {
  platform: PlatformConfig;
  port: number;
  supergraphPath: string;
  /** Reload the supergraph file when it changes (development). */
  watchSupergraph: boolean;
  /** Per-subgraph URL overrides (AUTH_URL, CATALOG_URL, ...); unset: the URL in the supergraph. */
  subgraphUrls: Record<string, string>;
  maxQueryDepth: number;
  /** Serve the browser IDE (Apollo Sandbox) on GET /graphql. */
  landingPage: boolean;
  subgraphTimeoutMs: number;
  /** Origins allowed to call from a browser; `*` for any. */
  corsOrigins: string[];
  /** Requests per client per window at the router; 0 turns it off. */
  rateLimit: number;
  rateLimitWindowSeconds: number;
}

export function readRouterConfig(env: Environment = process.env): RouterConfig {
  const reader = new EnvReader(env);
  const platform = readPlatformConfig(reader);
  const subgraphUrls: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES) {
    const url = reader.url(`${name.toUpperCase()}_URL`);
    if (url) subgraphUrls[name] = url;
  }
  const config: RouterConfig = {
    platform,
    port: reader.int('ROUTER_PORT', 4000, { max: 65535 }),
    supergraphPath: reader.string('SUPERGRAPH_PATH', fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url))),
    watchSupergraph: reader.oneOf('SUPERGRAPH_WATCH', ['true', 'false'], platform.nodeEnv === 'development' ? 'true' : 'false') === 'true',
    subgraphUrls,
    maxQueryDepth: reader.int('MAX_QUERY_DEPTH', 15, { min: 1 }),
    landingPage: reader.oneOf('LANDING_PAGE', ['true', 'false'], 'true') === 'true',
    subgraphTimeoutMs: reader.int('SUBGRAPH_TIMEOUT_MS', 10_000, { min: 100 }),
    // Any origin in development; in production only the origins named.
    corsOrigins: reader
      .string('CORS_ORIGINS', platform.nodeEnv === 'production' ? '' : '*')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    rateLimit: reader.int('ROUTER_RATE_LIMIT', 600),
    rateLimitWindowSeconds: reader.int('ROUTER_RATE_LIMIT_WINDOW_SECONDS', 60, { min: 1 }),
  };
  if (!platform.routerSecret && platform.nodeEnv !== 'test') {
    // The launcher generates one for local runs; a router on its own must be given the subgraphs' secret.
    reader.problem('ROUTER_SECRET must be set (the secret the subgraphs expect)');
  }
  reader.done();
  return config;
}
