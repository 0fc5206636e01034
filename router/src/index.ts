import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import {
  authenticate,
  connectRedis,
  clientAddressOf,
  createEventBus,
  createKeyValueStore,
  createHttpService,
  errorLoggingPlugin,
  graphqlTelemetryPlugin,
  registerWebSocketConnections,
  requestLogPlugin,
  formatError,
  handleGraphQLRequest,
  headerValue,
  maxRootFieldOccurrences,
  nulCharactersRefused,
  remoteTokenVerifier,
  TokenRevocations,
  requestIdOf,
  REQUEST_ID_HEADER,
  withoutSuggestions,
  type EventBus,
  type KeyValueStore,
  type HttpService,
  type Logger,
  type TokenVerifier,
} from '@marquee/platform';
import { CacheInvalidation } from './cache/invalidation.js';
import { EntityCache } from './cache/entity-cache.js';
import { noStoreUnlessQuery, responseCachePlugin } from './cache/response-cache.js';
import { MemoryCacheStore, RedisCacheStore, type CacheStore } from './cache/store.js';
import { documentCache } from './caches.js';
import type { RouterConfig } from './config.js';
import type { RouterContext } from './context.js';
import { applyCors, refuseUpgradesFromOtherOrigins } from './cors.js';
import { createGateway } from './gateway.js';
import { unavailableAs503Plugin, withValueCompletionErrors } from './gateway-errors.js';
import { withSharedQueryExecutions } from './shared-executions.js';
import { PersistedQueryStore, readTrustedDocuments, trustedDocumentsOnly } from './persisted-operations.js';
import { loadIdeRoutes, wantsIde } from './ide/serve.js';
import { createRequestRateLimit } from './rate-limit.js';
import { routerReadiness } from './readiness.js';
import { costLimitPlugin, documentLimitRules, limitCodes, maxCostRule, operationNameRequired, parseOptionsFor, SupergraphCosts } from './limits/index.js';
import { subscriptionsOverHttpRefused } from './subscriptions/http-guard.js';
import { apolloLogger, unexpectedErrorLogPlugin } from './unexpected-errors.js';
import { runThroughApollo } from './subscriptions/run-operation.js';
import { createSubscriptionServer, type SubscriptionServer } from './subscriptions/server.js';

export { readRouterConfig, type RouterConfig } from './config.js';

export interface RouterDependencies {
  logger: Logger;
  routerSecret: string;
  /** Defaults to a remote key set at config.platform.authJwksUrl. */
  verifyToken?: TokenVerifier;
  /** Where order events arrive; defaults to a bus of its own on REDIS_URL (or in process). */
  events?: EventBus;
  /** Counters for the request rate limit; defaults to a store of its own on REDIS_URL (or in process). */
  kv?: KeyValueStore;
}

export interface RunningRouter {
  http: HttpService;
  subscriptions: SubscriptionServer;
  stop(): Promise<void>;
}

export async function createRouter(config: RouterConfig, deps: RouterDependencies): Promise<RunningRouter> {
  const logger = deps.logger.child({ service: 'router' });
  const kv = deps.kv ?? createKeyValueStore({ redisUrl: config.platform.redisUrl, keyPrefix: config.platform.redisKeyPrefix, logger });
  const events = deps.events ?? createEventBus({ redisUrl: config.platform.redisUrl, keyPrefix: config.platform.redisKeyPrefix, logger });
  // Tokens revoked by auth (logout, password or role change, deletion) are refused here at once.
  const revocations = new TokenRevocations({ kv, events, logger });
  await revocations.start();
  const verifyToken = deps.verifyToken ?? remoteTokenVerifier(config.platform, undefined, revocations);
  // Response and entity caches (README: Caching): in Redis when set, shared by every replica.
  const cacheOn = config.cache.responseCache || config.cache.entityCache;
  const cacheStore: CacheStore | undefined = !cacheOn
    ? undefined
    : config.platform.redisUrl
      ? new RedisCacheStore(connectRedis(config.platform.redisUrl), config.platform.redisKeyPrefix)
      : new MemoryCacheStore(config.cache.memoryMaxBytes);
  const invalidation = cacheStore ? new CacheInvalidation(cacheStore, events, logger) : undefined;
  await invalidation?.start();
  const cacheParts = cacheStore && invalidation ? { store: cacheStore, invalidation, config: config.cache, logger } : undefined;
  const gateway = createGateway({
    supergraphPath: config.supergraphPath,
    watchSupergraph: config.watchSupergraph,
    subgraphUrls: config.subgraphUrls,
    routerSecret: deps.routerSecret,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    shareInFlightFetches: config.shareInFlightFetches,
    entityCache: cacheParts && config.cache.entityCache ? new EntityCache(cacheParts) : undefined,
    invalidate: invalidation && ((types) => invalidation.invalidate(types)),
    logger,
  });
  // Subscriptions validate against the same API schema the gateway serves, updates included.
  let apiSchema: GraphQLSchema | undefined;
  let supergraphSdl: string | undefined;
  gateway.onSchemaLoadOrUpdate((schema) => {
    apiSchema = schema.apiSchema;
    supergraphSdl = schema.coreSupergraphSdl;
  });
  // One set of limits for HTTP and WebSocket (router/src/limits): document size as validation rules,
  // cost per caller as a plugin over HTTP and, where variables are unknown, as a rule over WebSocket.
  const costs = new SupergraphCosts();
  gateway.onSchemaLoadOrUpdate((schema) => costs.update(schema.coreSupergraphSdl));
  const validationRules = documentLimitRules(config.limits, [maxRootFieldOccurrences('login', 1)]);
  const format = config.platform.fieldSuggestions ? formatError : withoutSuggestions(formatError);

  const trustedDocuments = config.trustedDocumentsPath ? readTrustedDocuments(config.trustedDocumentsPath) : undefined;
  const apollo = new ApolloServer<RouterContext>({
    // One execution for identical queries of one caller in flight together (ADR 0026).
    gateway: withSharedQueryExecutions(withValueCompletionErrors(gateway), config.shareInFlightFetches),
    formatError: (formatted, error) => format(limitCodes(formatted), error),
    parseOptions: parseOptionsFor(config.limits),
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (stopOnSignals): drain HTTP, then Apollo, then pools, in that order.
    stopOnTerminationSignals: false,
    // The IDE reads the schema by introspection: enabling it (LANDING_PAGE) enables that too.
    introspection: config.platform.introspection || config.landingPage,
    validationRules,
    logger: apolloLogger(logger),
    documentStore: documentCache(),
    // Automatic persisted queries in the shared store (Redis when set): every replica knows them.
    persistedQueries: {
      cache: new PersistedQueryStore(kv, { ttlSeconds: config.persistedQueryTtlSeconds, trusted: trustedDocuments }),
      ttl: config.persistedQueryTtlSeconds,
    },
    plugins: [
      ...(trustedDocuments ? [trustedDocumentsOnly<RouterContext>(trustedDocuments)] : []),
      errorLoggingPlugin(logger),
      unexpectedErrorLogPlugin(logger),
      requestLogPlugin(logger, 'info'),
      graphqlTelemetryPlugin('router'),
      subscriptionsOverHttpRefused(),
      nulCharactersRefused(),
      unavailableAs503Plugin(),
      operationNameRequired(),
      costLimitPlugin(costs, config.limits),
      noStoreUnlessQuery(),
      ...(cacheParts && config.cache.responseCache ? [responseCachePlugin(cacheParts)] : []),
      // Browsers get our self-hosted GraphiQL (./ide) instead of Apollo's CDN-loaded Sandbox.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const limitRequests = createRequestRateLimit({
    store: kv,
    limit: config.rateLimit,
    windowMs: config.rateLimitWindowSeconds * 1000,
  });

  const ide = config.landingPage ? await loadIdeRoutes() : undefined;

  const http = createHttpService({
    name: 'router',
    logger,
    readiness: routerReadiness({ supergraphSdl: () => supergraphSdl, subgraphUrls: config.subgraphUrls, store: kv }),
    routes: {
      ...ide?.assets,
      '/graphql': async (req, res) => {
        if (ide && wantsIde(req)) return ide.page(req, res);
        if (applyCors(req, res, config.corsOrigins)) return;
        const requestId = requestIdOf(req);
        res.setHeader(REQUEST_ID_HEADER, requestId);
        await handleGraphQLRequest(apollo, req, res, async () => {
          const authorization = headerValue(req, 'authorization');
          // A bad token is a 401 for the whole request; no token at all is an anonymous caller.
          const user = await authenticate(authorization, verifyToken);
          await limitRequests(req, user?.id);
          const clientAddress = clientAddressOf(req, config.trustedProxyHops);
          return { requestId, user, authorization: user ? authorization : undefined, clientAddress };
        });
      },
    },
  });

  refuseUpgradesFromOtherOrigins(http.server, config.corsOrigins);
  const subscriptions = createSubscriptionServer({
    server: http.server,
    path: '/graphql',
    apiSchema: () => apiSchema,
    supergraphSdl: () => supergraphSdl,
    run: runThroughApollo(apollo),
    verifyToken,
    events,
    kv,
    limitRequests,
    logger,
    validationRules: [...validationRules, maxCostRule(costs, config.limits.maxCost)],
    config: config.subscriptions,
  });
  const stopCountingConnections = registerWebSocketConnections(() => subscriptions.connections());

  return {
    http,
    subscriptions,
    async stop() {
      // Stop accepting at once, on both: HTTP drains what it received while WebSockets close.
      await Promise.all([subscriptions.close().then(() => stopCountingConnections()), http.close()]);
      await apollo.stop();
      await revocations.stop();
      await invalidation?.stop();
      await cacheStore?.close();
      if (!deps.events) await events.close();
      if (!deps.kv) await kv.close();
    },
  };
}

