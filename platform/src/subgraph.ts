import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DocumentNode, ValidationRule } from 'graphql';
import { authenticate, type TokenVerifier } from './auth/verify.js';
import { forwardedClientAddress } from './auth/client-address.js';
import type { AuthUser } from './auth/roles.js';
import type { Orm } from './database/orm.js';
import { errorLoggingPlugin, formatError } from './errors.js';
import { requestLogPlugin } from './graphql/request-log.js';
import { nulCharactersRefused } from './graphql/validation.js';
import { handleGraphQLRequest, sendGraphQLError, type GraphQLHttpAnswer } from './http/apollo.js';
import { executePerFieldCallers, perFieldCallersOf } from './http/per-field-callers.js';
import { graphqlTelemetryPlugin } from './telemetry/graphql-plugin.js';
import { changedTypesHeaderPlugin } from './cache/entity-changes.js';
import { hasRouterSecret, headerValue, requestIdOf, REQUEST_ID_HEADER } from './http/request.js';
import { createHttpService, type HttpService, type RouteHandler } from './http/service.js';
import { withoutSuggestions } from './http/suggestions.js';
import { lazyChild, type Logger } from './logger.js';

/** What every subgraph resolver receives: DESIGN.md §3. */
export interface SubgraphContext<TLoaders> {
  requestId: string;
  /** The verified caller, or null for anonymous requests. */
  user: AuthUser | null;
  /**
   * The caller's raw Authorization header, for a call this subgraph makes to another one on the
   * caller's behalf (so that one applies its own access rules). Never logged, never stored.
   */
  authorization: string | null;
  /** The client's address as the router forwarded it (UNKNOWN_CLIENT_ADDRESS when none). */
  clientAddress: string;
  /** This request's own EntityManager fork (made on first use); never the global one. */
  em: EntityManager;
  loaders: TLoaders;
  logger: Logger;
}

export interface SubgraphServiceOptions<TLoaders> {
  name: string;
  typeDefs: DocumentNode;
  /** Codegen's `Resolvers` type; checked there, accepted here as Apollo's resolver map. */
  resolvers: object;
  orm: Orm;
  /**
   * The request's loaders. They read views only (ADR 0027), through the ORM's root EntityManager,
   * which follows the transaction of the async context it runs in; never its unit of work.
   */
  createLoaders: (em: EntityManager) => TLoaders;
  routerSecret: string;
  verifyToken: TokenVerifier;
  logger: Logger;
  /** Extra open routes, such as the JWKS. */
  routes?: Record<string, RouteHandler>;
  validationRules?: ValidationRule[];
  plugins?: ApolloServerPlugin<SubgraphContext<TLoaders>>[];
  /** Answer introspection (default: off, as in production). */
  introspection?: boolean;
  /** Keep "Did you mean ...?" hints in error messages (default: off, as in production). */
  fieldSuggestions?: boolean;
}

export interface SubgraphService extends HttpService {
  apollo: ApolloServer<SubgraphContext<unknown>>;
}

/**
 * Contexts whose EntityManager fork is made on first use: most reads go through the loaders'
 * views and need none, and a fork (unit of work, identity map, configuration sync) per request is
 * a measurable share of a small one. The getter lives on the prototype, because Apollo copies a
 * context's own properties into a clone of the same prototype for each operation.
 */
function contextFactory(orm: Orm) {
  const forks = new WeakMap<object, EntityManager>();
  const prototype = Object.create(Object.prototype, {
    em: {
      get(this: object) {
        let em = forks.get(this);
        if (!em) {
          em = orm.em.fork();
          forks.set(this, em);
        }
        return em;
      },
    },
  }) as object;
  return <TLoaders>(fields: Omit<SubgraphContext<TLoaders>, 'em'>): SubgraphContext<TLoaders> =>
    Object.assign(Object.create(prototype) as object, fields) as SubgraphContext<TLoaders>;
}

/**
 * A bad variable (Money "1.999") is the client's BAD_USER_INPUT, but Apollo answers it with HTTP
 * 400, which the gateway reports as a failed subgraph (INTERNAL_SERVER_ERROR). Answering 200
 * lets the router pass the coded error on to the client.
 */
function badVariablesAsOkPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          if (response.http.status === 400 && errors?.length && errors.every((e) => e.extensions?.code === 'BAD_USER_INPUT')) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}

async function databaseAnswers(orm: Orm, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([orm.isConnected().catch(() => false), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A subgraph's HTTP service: GraphQL at /graphql only with the router's secret (401 otherwise),
 * the caller's JWT verified again here (zero trust), `/health`, `/ready` and extra open routes.
 */
export async function createSubgraphService<TLoaders>(options: SubgraphServiceOptions<TLoaders>): Promise<SubgraphService> {
  const { logger, orm } = options;
  const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
    schema: buildSubgraphSchema({
      typeDefs: options.typeDefs,
      resolvers: options.resolvers as GraphQLResolverMap<unknown>,
    }),
    formatError: options.fieldSuggestions ? formatError : withoutSuggestions(formatError),
    introspection: options.introspection ?? false,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (stopOnSignals): drain HTTP, then Apollo, then pools, in that order.
    stopOnTerminationSignals: false,
    validationRules: options.validationRules,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Inline traces are for Apollo Studio, which Marquee does not report to.
      ApolloServerPluginInlineTraceDisabled(),
      errorLoggingPlugin(logger),
      // The router logs each request at info; a subgraph's share of it is detail.
      requestLogPlugin(logger, 'debug'),
      badVariablesAsOkPlugin(),
      graphqlTelemetryPlugin(options.name),
      nulCharactersRefused(),
      // Which cached types the router drops after this request's changes (README: Caching).
      changedTypesHeaderPlugin(),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();
  const requestContext = contextFactory(orm);

  const http = createHttpService({
    name: options.name,
    logger,
    // A database that hangs must not hang the probe: no answer within 2 s is "down".
    readiness: async () => ({ database: await databaseAnswers(orm, 2_000) }),
    routes: {
      ...options.routes,
      '/graphql': async (req, res) => {
        if (!hasRouterSecret(req, options.routerSecret)) {
          sendGraphQLError(res, 401, 'UNAUTHENTICATED', 'This subgraph only answers the Marquee router.');
          return;
        }
        const requestId = requestIdOf(req);
        res.setHeader(REQUEST_ID_HEADER, requestId);
        const authorization = headerValue(req, 'authorization');
        const fields = {
          requestId,
          clientAddress: forwardedClientAddress(req),
          loaders: options.createLoaders(orm.em),
          logger: lazyChild(logger, { requestId }),
        };
        const contextFor = async (authorization: string | undefined) =>
          requestContext({ ...fields, user: await authenticate(authorization, options.verifyToken), authorization: authorization ?? null });
        await handleGraphQLRequest(apollo, req, res, () => contextFor(authorization), (body) => answerPerFieldCallers(body, authorization, contextFor));
      },
    },
  });

  /**
   * The router's batch of many owners' events (PER_FIELD_CALLERS_EXTENSION): each root field as
   * its own caller, the loaders shared. Never together with a request-wide Authorization.
   */
  async function answerPerFieldCallers(body: unknown, authorization: string | undefined, contextFor: (authorization: string) => Promise<SubgraphContext<TLoaders>>): Promise<GraphQLHttpAnswer | undefined> {
    const request = perFieldCallersOf(body);
    if (!request) return undefined;
    // What is answered for several callers at once is never stored by anyone.
    const headers = { 'cache-control': 'no-store' };
    if ('message' in request) return { status: 400, body: { errors: [request] }, headers };
    if (authorization) return { status: 400, body: { errors: [{ message: 'A request naming callers per field has no Authorization of its own.', extensions: { code: 'BAD_REQUEST' } }] }, headers };
    return { status: 200, body: await executePerFieldCallers(apollo, request, contextFor), headers };
  }

  return {
    ...http,
    apollo: apollo as unknown as ApolloServer<SubgraphContext<unknown>>,
    async close() {
      await http.close();
      await apollo.stop();
    },
  };
}

