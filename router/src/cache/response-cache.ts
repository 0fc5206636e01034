import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import ApolloServerPluginResponseCache from '@apollo/server-plugin-response-cache';
import { recordCacheLookup, type Logger } from '@marquee/platform';
import type { RouterContext } from '../context.js';
import type { CacheConfig } from './config.js';
import { ALL, type CacheInvalidation } from './invalidation.js';
import { selectionTypes } from './selection-types.js';
import { Uncacheable } from './uncacheable.js';
import type { CacheStore } from './store.js';

export interface ResponseCacheOptions {
  store: CacheStore;
  invalidation: CacheInvalidation;
  config: CacheConfig;
  logger: Logger;
}

/** Whether this request may use the cache; decided once, when its key is made. */
const usable = new WeakMap<object, boolean>();

/**
 * The key-value cache Apollo's response cache plugin writes through: our store, with every TTL
 * capped (CACHE_MAX_TTL_SECONDS), answers over CACHE_MAX_ENTRY_BYTES left out, and a store that
 * fails answering "not cached" rather than failing the request.
 */
class ResponseEntries {
  constructor(private readonly options: ResponseCacheOptions) {}

  async get(key: string): Promise<string | undefined> {
    const value = await this.options.store.getMany([`response:${key}`]).then(
      ([found]) => found ?? undefined,
      () => undefined,
    );
    recordCacheLookup('response', value !== undefined);
    return value;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const { maxTtlSeconds, maxEntryBytes } = this.options.config;
    if (Buffer.byteLength(value) > maxEntryBytes) return;
    const ttlSeconds = Math.min(options?.ttl ?? maxTtlSeconds, maxTtlSeconds);
    await this.options.store.set(`response:${key}`, value, ttlSeconds * 1000).catch((error: unknown) =>
      this.options.logger.debug('response cache write failed', { reason: error instanceof Error ? error.message : String(error) }),
    );
  }

  async delete(): Promise<void> {
    // Entries are dropped by moving their tags' generations on (store.ts), never one by one.
  }
}

/**
 * The response cache (README: Caching): Apollo's own plugin, which caches whole answers to queries
 * whose overall cache policy (the strictest of the subgraphs' Cache-Control) is PUBLIC with a
 * max-age, never errors or mutations, and answers hits with `Age`. Ours are the key and the
 * limits: the key holds the generations of every type the answer may contain, so a change to any
 * of them (invalidation.ts) makes the next request a miss. Only HTTP requests use it: operations the
 * router runs itself (live subscriptions) always read fresh data.
 */
export function responseCachePlugin(options: ResponseCacheOptions): ApolloServerPlugin<RouterContext> {
  const decide = (requestContext: GraphQLRequestContext<RouterContext>) => usable.get(requestContext.request) ?? false;
  const uncacheable = new Uncacheable();
  const operationKey = (requestContext: GraphQLRequestContext<RouterContext>) => `${requestContext.queryHash ?? ''}\u0000${requestContext.operationName ?? ''}`;
  const apollos = ApolloServerPluginResponseCache<RouterContext>({
    cache: new ResponseEntries(options),
    async extraCacheKeyData(requestContext) {
      if (uncacheable.has(operationKey(requestContext))) {
        usable.set(requestContext.request, false);
        return null;
      }
      const types = requestContext.document ? selectionTypes(requestContext.schema, requestContext.document) : null;
      const use = Boolean(requestContext.request.http) && types !== null && options.invalidation.reliable;
      if (!use || !types) {
        usable.set(requestContext.request, false);
        return null;
      }
      try {
        const generations = await options.store.generations([ALL, ...types]);
        usable.set(requestContext.request, true);
        return generations.join('.');
      } catch {
        usable.set(requestContext.request, false);
        return null;
      }
    },
    shouldReadFromCache: async (requestContext) => decide(requestContext),
    // Never a private answer, not even per session: only what every caller may see is cached.
    shouldWriteToCache: async (requestContext) => decide(requestContext) && requestContext.overallCachePolicy.scope !== 'PRIVATE',
  });
  return {
    async requestDidStart(requestContext) {
      const listener = await apollos.requestDidStart?.(requestContext);
      return {
        ...listener,
        async willSendResponse(sent) {
          await listener?.willSendResponse?.(sent);
          // An answer without errors whose hints forbid caching: this operation's answers are about
          // the caller (or never stored), so the next ones skip the lookups for a while.
          const { response, overallCachePolicy } = sent;
          if (!decide(sent) || response.body.kind !== 'single' || response.body.singleResult.errors?.length) return;
          if (overallCachePolicy.scope === 'PRIVATE' || !overallCachePolicy.policyIfCacheable()) uncacheable.remember(operationKey(sent));
        },
      };
    },
  };
}

/** Anything but a query answers `Cache-Control: no-store`, whatever its fields' hints say. */
export function noStoreUnlessQuery(): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, overallCachePolicy }) {
          if (operation && operation.operation !== 'query') overallCachePolicy.restrict({ maxAge: 0 });
        },
      };
    },
  };
}
