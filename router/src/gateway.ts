import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ApolloGateway, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { CacheHint } from '@apollo/cache-control-types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import {
  BrokenCircuitError,
  CLIENT_ADDRESS_HEADER,
  createCallPolicy,
  measureSubgraphCall,
  REQUEST_ID_HEADER,
  ROUTER_SECRET_HEADER,
  SubgraphHttpError,
  UNKNOWN_CLIENT_ADDRESS,
  PER_FIELD_CALLERS_EXTENSION,
  type CallPolicy,
  type Logger,
} from '@marquee/platform';
import type { EntityCache, SubgraphRequest } from './cache/entity-cache.js';
import { queryPlanCache } from './caches.js';
import type { RouterContext } from './context.js';
import { EntityFetchBatches, type EntityFetchResult } from './entity-fetch-batches.js';
import { SubgraphClient, type SubgraphAnswer } from './subgraph-client.js';

export interface GatewayOptions {
  supergraphPath: string;
  watchSupergraph: boolean;
  subgraphUrls: Record<string, string>;
  routerSecret: string;
  subgraphTimeoutMs: number;
  /** Share one subgraph answer among identical in-flight query fetches of the same caller (default true). */
  shareInFlightFetches?: boolean;
  /** Answers `_entities` fetches of queries per entity where it can (cache/entity-cache.ts). */
  entityCache?: EntityCache;
  /** Drops cached answers of the types a subgraph says a request changed; awaited before the answer goes on. */
  invalidate?: (types: string[]) => Promise<void>;
  logger: Logger;
}

/** What the data source needs of the gateway's options, once per subgraph. */
interface DataSourceOptions {
  name: string;
  client: SubgraphClient;
  shareInFlight: boolean;
  timeoutMs: number;
  logger: Logger;
  entityCache?: EntityCache;
  invalidate?: (types: string[]) => Promise<void>;
}

/**
 * One subgraph as the gateway sees it: forwards the caller's token, the request id and client
 * address (the router secret is fixed in the client), and sends the fetch over a pooled
 * keep-alive client (subgraph-client.ts) rather than the gateway's default fetch stack.
 */
class SubgraphDataSource implements GraphQLDataSource<RouterContext> {
  /** Timeout per attempt, retries for queries (never mutations), circuit breaker (ADR 0008). */
  private readonly policy: CallPolicy;
  /** A query's entity fetches to this subgraph with one selection, started together, go as one. */
  private readonly entityBatches = new EntityFetchBatches<SubgraphAnswer>();
  private readonly name: string;
  private readonly logger: Logger;

  constructor(private readonly options: DataSourceOptions) {
    this.name = options.name;
    this.logger = options.logger;
    this.policy = createCallPolicy({ caller: 'router', target: options.name, timeoutMs: options.timeoutMs, logger: options.logger });
  }

  get client(): SubgraphClient {
    return this.options.client;
  }

  async process(options: GraphQLDataSourceProcessOptions<RouterContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const context = options.context as RouterContext;
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined;
    const isQuery = incoming?.operation?.operation === 'query';
    const { http: _http, ...payload } = request;
    const policy = incoming?.overallCachePolicy;
    const restrict = (hint: CacheHint) => {
      if (policy && 'restrict' in policy) policy.restrict(hint);
    };
    // Public entities of a client's query may come from the entity cache; the router's own
    // operations (live subscriptions: no HTTP request) always fetch.
    if (context.perFieldCallers) {
      // One fetch holds the owners' root fields, each named by its response key; nothing else may
      // carry several owners' data at once (the gateway marks a plan of more fetches refused).
      if (context.perFieldCallers.refused || !isQuery) {
        context.perFieldCallers.refused = true;
        throw new GraphQLError('This selection needs more than one fetch; it is resolved per owner.', { extensions: { code: 'BAD_REQUEST' } });
      }
      payload.extensions = { ...payload.extensions, [PER_FIELD_CALLERS_EXTENSION]: context.perFieldCallers.authorizations };
    }
    const lookup = this.options.entityCache && isQuery && incoming?.request.http ? await this.options.entityCache.lookup(this.name, incoming.schema, payload) : null;
    if (lookup?.cachedHint) restrict(lookup.cachedHint);
    if (lookup && lookup.remaining === null) return lookup.complete(null, null);
    let response: GatewayGraphQLResponse;
    let answer: SubgraphAnswer;
    try {
      const toSend = lookup?.remaining ?? payload;
      const fetched = isQuery ? await this.entityBatches.fetch(context, toSend, (merged) => this.fetch(merged, context, isQuery)) : await this.fetch(toSend, context, isQuery);
      ({ response, meta: answer } = fetched);
    } catch (error) {
      return this.didEncounterError(error instanceof Error ? error : new Error(String(error)), undefined, undefined, context);
    }
    // What this request changed is dropped from the caches before anyone has the answer.
    if (answer.changedTypes && this.options.invalidate) await this.options.invalidate(answer.changedTypes.split(',').map((type) => type.trim()).filter(Boolean));
    // The subgraph's cache hints narrow the whole answer's, as Apollo's own data source does.
    const hint = cacheHint(answer.cacheControl);
    restrict(hint);
    return lookup ? lookup.complete(response, hint) : response;
  }

  /** One fetch, its answer parsed: anything but a 2xx with a JSON object is a failure. */
  private async fetch(payload: SubgraphRequest, context: RouterContext, isQuery: boolean): Promise<EntityFetchResult<SubgraphAnswer>> {
    const answer = await this.send(payload, context, isQuery);
    if (answer.status < 200 || answer.status >= 300) throw new Error(`${answer.status} from the subgraph`);
    const body = JSON.parse(answer.body) as unknown;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('the subgraph answered no JSON object');
    return { response: body as GatewayGraphQLResponse, meta: answer };
  }

  /**
   * One POST to the subgraph with the caller's token, request id and client address (the router
   * secret is fixed in the client), through the call policy.
   */
  private send(payload: SubgraphRequest, context: RouterContext, isQuery: boolean): Promise<SubgraphAnswer> {
    const headers: Record<string, string> = {
      // Always set here, never copied from the client, so a subgraph can trust it as far as the secret.
      [CLIENT_ADDRESS_HEADER]: context.clientAddress ?? UNKNOWN_CLIENT_ADDRESS,
    };
    if (context.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    if (context.authorization) headers.authorization = context.authorization;
    // Only fetches of query operations are shared, keyed by the caller's Authorization (the only
    // forwarded header that decides what a subgraph shows them): a mutation's fetches, its entity
    // fetches included, always go out on their own.
    const share = this.options.shareInFlight && isQuery ? { key: context.authorization ?? '' } : undefined;
    const sentBody = JSON.stringify(payload);
    return measureSubgraphCall('router', this.name, () =>
      this.policy.run(
        async () => {
          const sent = await this.client.post({ body: sentBody, headers, share });
          // A 5xx is the subgraph failing (it answers GraphQL errors with 200): counted, maybe retried.
          if (sent.status >= 500) throw new SubgraphHttpError(this.name, sent.status);
          return sent;
        },
        { repeatable: isQuery },
      ),
    );
  }

  /**
   * A subgraph that is down or times out: its fields become null with an error that names the
   * service (not its address), so the rest of the answer still arrives.
   */
  didEncounterError(error: Error, _request: unknown, _response: unknown, context: RouterContext): never {
    // One warn line per failed call, with the request id: an outage is not a bug, so no stack.
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    // An open circuit was logged once when it opened; a line per request would flood the log.
    if (!(error instanceof BrokenCircuitError)) {
      this.logger.warn('subgraph request failed', { subgraph: this.name, requestId: context.requestId, reason: error.message, ...(cause ? { cause } : {}) });
    }
    // Retryable and expected: SERVICE_UNAVAILABLE is shown as is and not logged again as a bug.
    throw new GraphQLError(`The ${this.name} service could not answer this part of the request.`, {
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.name },
    });
  }
}

/**
 * A gateway over the committed supergraph file (no polling of subgraphs). In development the
 * file is watched and a changed supergraph is swapped in without a restart.
 */
export function createGateway(options: GatewayOptions): ApolloGateway {
  const clients: SubgraphClient[] = [];
  const clientFor = (url: string) => {
    const client = new SubgraphClient({
      url,
      // Set once per subgraph, not per request.
      headers: { 'content-type': 'application/json', [ROUTER_SECRET_HEADER]: options.routerSecret },
      // A subgraph that hangs must not hold the whole request: its fields fail, the rest answers.
      timeoutMs: options.subgraphTimeoutMs,
    });
    clients.push(client);
    return client;
  };
  return new MarqueeGateway(clients, {
    // The gateway's own default store, with its hits and misses counted.
    queryPlannerConfig: { cache: queryPlanCache() },
    // A batch of many owners' events may only go out as one fetch (context.ts: PerFieldCallers).
    experimental_didResolveQueryPlan: ({ queryPlan, requestContext }) => {
      const callers = (requestContext.context as RouterContext).perFieldCallers;
      if (callers && queryPlan.node?.kind !== 'Fetch') callers.refused = true;
    },
    logger: {
      debug: (message) => options.logger.debug(String(message)),
      info: (message) => options.logger.info(String(message)),
      warn: (message) => options.logger.warn(String(message)),
      error: (message) => options.logger.error(String(message)),
    },
    async supergraphSdl({ update }) {
      const supergraphSdl = await readFile(options.supergraphPath, 'utf8');
      if (!options.watchSupergraph) return { supergraphSdl };
      let timer: NodeJS.Timeout | undefined;
      const watcher = watch(options.supergraphPath, () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          readFile(options.supergraphPath, 'utf8')
            .then((sdl) => {
              update(sdl);
              options.logger.info('supergraph reloaded', { path: options.supergraphPath });
            })
            .catch((error: unknown) => options.logger.error('supergraph reload failed', { error }));
        }, 200);
      });
      return {
        supergraphSdl,
        async cleanup() {
          clearTimeout(timer);
          watcher.close();
        },
      };
    },
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls[name] ?? url ?? '';
      return new SubgraphDataSource({
        name,
        client: clientFor(target),
        shareInFlight: options.shareInFlightFetches ?? true,
        timeoutMs: options.subgraphTimeoutMs,
        logger: options.logger,
        entityCache: options.entityCache,
        invalidate: options.invalidate,
      });
    },
  });
}

/** A subgraph's Cache-Control as a cache hint: no max-age means not cacheable (0). */
function cacheHint(header: string | undefined): CacheHint {
  const hint: CacheHint = { maxAge: 0 };
  if (!header) return hint;
  for (const directive of header.split(',')) {
    const [name = '', value] = directive.trim().toLowerCase().split('=');
    if (name === 'max-age' && value && /^\d+$/.test(value)) hint.maxAge = Number(value);
    else if (name === 'private') hint.scope = 'PRIVATE';
    else if (name === 'public') hint.scope = 'PUBLIC';
  }
  return hint;
}

/** Closes the subgraph connection pools when Apollo Server stops the gateway. */
class MarqueeGateway extends ApolloGateway {
  constructor(
    private readonly clients: SubgraphClient[],
    config: ConstructorParameters<typeof ApolloGateway>[0],
  ) {
    super(config);
  }

  override async stop(): Promise<void> {
    await super.stop();
    await Promise.all(this.clients.splice(0).map((client) => client.close()));
  }
}

/** The subgraphs a supergraph names, with their URLs after overrides: for readiness checks. */
export function subgraphsOf(supergraphSdl: string, overrides: Record<string, string>): { name: string; url: string }[] {
  const graphs = [...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g)];
  return graphs.map(([, name = '', url = '']) => ({ name, url: overrides[name] ?? url }));
}
