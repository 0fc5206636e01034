import { fileURLToPath } from 'node:url';
import { bindHost, EnvReader, readPlatformConfig, type Environment, type PlatformConfig } from '@marquee/platform';
import { readCacheConfig, type CacheConfig } from './cache/config.js';
import type { CostBudgets, DocumentLimits } from './limits/index.js';
import { readSubscriptionConfig, type SubscriptionConfig } from './subscriptions/config.js';

export const SUBGRAPH_NAMES = ['auth', 'catalog', 'inventory', 'booking', 'food'] as const;

export interface RouterLimits extends DocumentLimits, CostBudgets {}

export interface RouterConfig {
  platform: PlatformConfig;
  port: number;
  /** ROUTER_HOST, else HOST, else loopback. */
  host: string;
  supergraphPath: string;
  /** Reload the supergraph file when it changes (development). */
  watchSupergraph: boolean;
  /** Per-subgraph URL overrides (AUTH_URL, CATALOG_URL, ...); unset: the URL in the supergraph. */
  subgraphUrls: Record<string, string>;
  maxQueryDepth: number;
  /** Every operation's limits before any subgraph is called (README: Limits). */
  limits: RouterLimits;
  /** Serve the browser IDE (self-hosted GraphiQL, ./ide) on GET /graphql (it needs introspection, so this turns that on too). Off in production unless LANDING_PAGE=true. */
  landingPage: boolean;
  subgraphTimeoutMs: number;
  /** Identical in-flight query fetches of one caller to one subgraph share an answer. */
  shareInFlightFetches: boolean;
  /** The response and entity caches (README: Caching). */
  cache: CacheConfig;
  /** A persisted-documents manifest: only its operations run (trusted documents). Unset: any operation. */
  trustedDocumentsPath?: string;
  /** How long an automatic persisted query stays in the key-value store. */
  persistedQueryTtlSeconds: number;
  /** Origins allowed to call from a browser; `*` for any. */
  corsOrigins: string[];
  /** Requests per client per window at the router; 0 turns it off. */
  rateLimit: number;
  rateLimitWindowSeconds: number;
  /** Proxies of our own in front of the router that append to X-Forwarded-For (0: clients connect directly). */
  trustedProxyHops: number;
  /** WebSocket limits and subscription batching. */
  subscriptions: SubscriptionConfig;
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
    host: bindHost(env, 'router', platform),
    supergraphPath: reader.string('SUPERGRAPH_PATH', fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url))),
    watchSupergraph: reader.oneOf('SUPERGRAPH_WATCH', ['true', 'false'], platform.nodeEnv === 'development' ? 'true' : 'false') === 'true',
    subgraphUrls,
    maxQueryDepth: reader.int('MAX_QUERY_DEPTH', 15, { min: 1 }),
    limits: {
      // GraphQL Armor's defaults for tokens, aliases and directives.
      maxTokens: reader.int('MAX_TOKENS', 1000, { min: 100 }),
      maxAliases: reader.int('MAX_ALIASES', 15, { min: 0 }),
      maxDirectives: reader.int('MAX_DIRECTIVES', 50, { min: 0 }),
      maxDepth: reader.int('MAX_QUERY_DEPTH', 15, { min: 1 }),
      // Our cost multiplies lists by their size (Apollo's model), unlike Armor's: a full page of 100
      // with a nested list of 100 (~40,000) fits, lists nested in lists (millions) do not.
      maxCost: reader.int('MAX_QUERY_COST', 100_000, { min: 1 }),
      maxCostAnonymous: reader.int('MAX_QUERY_COST_ANONYMOUS', 50_000, { min: 1 }),
    },
    landingPage: reader.oneOf('LANDING_PAGE', ['true', 'false'], platform.nodeEnv === 'production' ? 'false' : 'true') === 'true',
    subgraphTimeoutMs: reader.int('SUBGRAPH_TIMEOUT_MS', 10_000, { min: 100 }),
    shareInFlightFetches: reader.oneOf('SUBGRAPH_FETCH_SHARING', ['true', 'false'], 'true') === 'true',
    cache: readCacheConfig(reader),
    trustedDocumentsPath: reader.optionalString('TRUSTED_DOCUMENTS'),
    persistedQueryTtlSeconds: reader.int('PERSISTED_QUERY_TTL_SECONDS', 24 * 60 * 60, { min: 1 }),
    // Any origin in development; in production only the origins named.
    corsOrigins: reader
      .string('CORS_ORIGINS', platform.nodeEnv === 'production' ? '' : '*')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    rateLimit: reader.int('ROUTER_RATE_LIMIT', 600),
    rateLimitWindowSeconds: reader.int('ROUTER_RATE_LIMIT_WINDOW_SECONDS', 60, { min: 1 }),
    trustedProxyHops: reader.int('TRUSTED_PROXY_HOPS', 0, { max: 10 }),
    subscriptions: readSubscriptionConfig(reader),
  };
  if (!platform.routerSecret && platform.nodeEnv !== 'test') {
    // The launcher generates one for local runs; a router on its own must be given the subgraphs' secret.
    reader.problem('ROUTER_SECRET must be set (the secret the subgraphs expect)');
  }
  reader.done();
  return config;
}
