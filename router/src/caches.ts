import type { GatewayConfig } from '@apollo/gateway';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import { CountedCache } from '@marquee/platform';

type QueryPlanCache = NonNullable<NonNullable<GatewayConfig['queryPlannerConfig']>['cache']>;
type QueryPlan = NonNullable<Awaited<ReturnType<QueryPlanCache['get']>>>;

/**
 * The router's in-process caches of work per distinct operation, as Apollo would build them by
 * default (LRU, about 30 MiB each), with their lookups counted in `marquee_cache_lookups_total`:
 * a falling hit rate means clients send ever new documents (or one is churning the cache).
 */

/** Parsed and validated operations (Apollo Server's document store). */
export function documentCache(): CountedCache<DocumentNode> {
  return new CountedCache('document', new InMemoryLRUCache<DocumentNode>());
}

/** The gateway's query plans, one per operation; cleared when the supergraph changes. */
export function queryPlanCache(): QueryPlanCache {
  return new CountedCache<QueryPlan>('query_plan', new InMemoryLRUCache<QueryPlan>());
}
