import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import {
  authenticate,
  createEventBus,
  createKeyValueStore,
  createHttpService,
  errorLoggingPlugin,
  requestLogPlugin,
  formatError,
  handleGraphQLRequest,
  headerValue,
  maxDepth,
  maxRootFieldOccurrences,
  remoteTokenVerifier,
  requestIdOf,
  REQUEST_ID_HEADER,
  type EventBus,
  type KeyValueStore,
  type HttpService,
  type Logger,
  type TokenVerifier,
} from '@marquee/platform';
import type { RouterConfig } from './config.js';
import type { RouterContext } from './context.js';
import { applyCors } from './cors.js';
import { createGateway } from './gateway.js';
import { createRequestRateLimit } from './rate-limit.js';
import { routerReadiness } from './readiness.js';
import { subscriptionsOverHttpRefused } from './subscriptions/http-guard.js';
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
  const verifyToken = deps.verifyToken ?? remoteTokenVerifier(config.platform);
  const gateway = createGateway({
    supergraphPath: config.supergraphPath,
    watchSupergraph: config.watchSupergraph,
    subgraphUrls: config.subgraphUrls,
    routerSecret: deps.routerSecret,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    logger,
  });
  // Subscriptions validate against the same API schema the gateway serves, updates included.
  let apiSchema: GraphQLSchema | undefined;
  let supergraphSdl: string | undefined;
  gateway.onSchemaLoadOrUpdate((schema) => {
    apiSchema = schema.apiSchema;
    supergraphSdl = schema.coreSupergraphSdl;
  });
  const validationRules = [maxDepth(config.maxQueryDepth), maxRootFieldOccurrences('login', 1)];

  const apollo = new ApolloServer<RouterContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (stopOnSignals): drain HTTP, then Apollo, then pools, in that order.
    stopOnTerminationSignals: false,
    introspection: config.landingPage,
    validationRules,
    plugins: [
      errorLoggingPlugin(logger),
      requestLogPlugin(logger, 'info'),
      subscriptionsOverHttpRefused(),
      config.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const kv = deps.kv ?? createKeyValueStore({ redisUrl: config.platform.redisUrl, keyPrefix: config.platform.redisKeyPrefix });
  const limitRequests = createRequestRateLimit({
    store: kv,
    limit: config.rateLimit,
    windowMs: config.rateLimitWindowSeconds * 1000,
  });

  const http = createHttpService({
    name: 'router',
    logger,
    readiness: routerReadiness({ supergraphSdl: () => supergraphSdl, subgraphUrls: config.subgraphUrls }),
    routes: {
      '/graphql': async (req, res) => {
        if (applyCors(req, res, config.corsOrigins)) return;
        const requestId = requestIdOf(req);
        res.setHeader(REQUEST_ID_HEADER, requestId);
        await handleGraphQLRequest(apollo, req, res, async () => {
          const authorization = headerValue(req, 'authorization');
          // A bad token is a 401 for the whole request; no token at all is an anonymous caller.
          const user = await authenticate(authorization, verifyToken);
          await limitRequests(req, user?.id);
          return { requestId, user, authorization: user ? authorization : undefined };
        });
      },
    },
  });

  const events = deps.events ?? createEventBus({ redisUrl: config.platform.redisUrl, keyPrefix: config.platform.redisKeyPrefix, logger });
  const subscriptions = createSubscriptionServer({
    server: http.server,
    path: '/graphql',
    apiSchema: () => apiSchema,
    run: runThroughApollo(apollo),
    verifyToken,
    events,
    logger,
    validationRules,
  });

  return {
    http,
    subscriptions,
    async stop() {
      // WebSockets first: an upgraded socket would otherwise hold the HTTP server open.
      await subscriptions.close();
      await http.close();
      await apollo.stop();
      if (!deps.events) await events.close();
      if (!deps.kv) await kv.close();
    },
  };
}
