import type { IncomingMessage, Server } from 'node:http';
import {
  getArgumentValues,
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import { WebSocketServer, type WebSocket } from 'ws';
import { authenticate, rateLimited, recordCostLimitRefusal, recordRateLimitRefusal, unauthenticated, type EventBus, type KeyValueStore, type Logger, type TokenVerifier } from '@marquee/platform';
import { Cohorts, type CohortStats } from './cohorts.js';
import type { SubscriptionConfig } from './config.js';
import { SubscriptionAuthorizer } from './authorization.js';
import { batchScopeKey, channelOf, needsCaller, readLiveFields, scopeKey, type LiveField } from './live-fields.js';
import { TOKENS_REVOKED_CHANNEL, UserSubscriptions } from './revocation.js';
import { stableJson } from './stable-json.js';
import { liveSelection, selectionVariables } from './selection.js';
import { Subscriber } from './subscriber.js';
import type { Caller, RunOperation } from './types.js';

export interface SubscriptionServerOptions {
  server: Server;
  path: string;
  /** The supergraph's API schema and its SDL (for the @live declarations), once loaded. */
  apiSchema: () => GraphQLSchema | undefined;
  supergraphSdl: () => string | undefined;
  run: RunOperation;
  verifyToken: TokenVerifier;
  events: EventBus;
  /** Counts subscribe attempts across replicas. */
  kv: KeyValueStore;
  /** The router's HTTP rate limit: queries and mutations over the socket count in it too. */
  limitRequests?: (req: IncomingMessage, userId: string | undefined) => Promise<void>;
  logger: Logger;
  validationRules: ValidationRule[];
  config: SubscriptionConfig;
  /** How long shutdown waits for clients to acknowledge the close before cutting them off. */
  drainTimeoutMs?: number;
}

/** Close code for a client over its connection limit (Policy Violation: retrying will not help). */
export const TOO_MANY_CONNECTIONS_CLOSE_CODE = 1008;

export interface SubscriptionServer {
  /** Open WebSocket connections. */
  connections(): number;
  stats(): CohortStats & { connections: number; slowConsumersClosed: number };
  /** Refuses new connections and closes the open ones with 1001 (Going Away): clients reconnect elsewhere. */
  close(): Promise<void>;
}

type WsCtx = WsContext<Record<string, unknown> | undefined, Extra>;

interface Connection {
  caller: Caller;
  /** `iat` of the connection's token, for revocation. */
  issuedAt?: number;
  /** Rate-limit and connection-limit key: the user, else the peer address. */
  client: string;
}

/** What onSubscribe decided, handed to `subscribe`/`execute` as the context value. */
interface Plan {
  connection: Connection;
  socket: WebSocket;
  operationId: string;
  request: IncomingMessage;
  live?: Omit<ConstructorParameters<typeof Subscriber>[0], 'socket' | 'operationId' | 'onEnd' | 'maxBufferedBytes' | 'expired'> & {
    spec: Parameters<Cohorts['join']>[0];
  };
  operation?: { query: DocumentNode; variables?: Record<string, unknown>; operationName?: string };
}

const asErrors = (result: FormattedExecutionResult): GraphQLError[] | undefined =>
  result.errors?.map((error) => new GraphQLError(error.message, { path: error.path, extensions: error.extensions }));

const coded = (code: string, message: string) => new GraphQLError(message, { extensions: { code } });
const badRequest = (message: string) => [coded('BAD_REQUEST', message)];

/**
 * graphql-ws on the router's own /graphql path (DESIGN.md §3). The supergraph declares each
 * subscription field with `@live` (channel, lookup, authorization, scope); this server knows no
 * domain. A subscriber is authorized as itself, then joins the cohort of everyone guaranteed the
 * same payload; each event is resolved once per cohort (batched with events close to it), through
 * the gateway as a representative of the scope, and written to every socket of the cohort.
 */
export function createSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { logger, events, config } = options;
  const connections = new WeakMap<WsCtx, Connection>();
  const openPerClient = new Map<string, number>();
  let slowConsumersClosed = 0;
  const revocations = new UserSubscriptions();
  const authorizer = new SubscriptionAuthorizer(options.run);
  const cohorts = new Cohorts({
    events,
    run: options.run,
    logger,
    batchWindowMs: config.batchWindowMs,
    batchMaxEvents: config.batchMaxEvents,
    maxConcurrentResolutions: config.maxConcurrentResolutions,
  });
  const wss = new WebSocketServer({ server: options.server, path: options.path, maxPayload: config.maxMessageBytes });

  let liveFieldsFor: { sdl: string; fields: Map<string, LiveField> } | undefined;
  const liveFields = (schema: GraphQLSchema): Map<string, LiveField> => {
    const sdl = options.supergraphSdl();
    if (!sdl) return new Map();
    if (liveFieldsFor?.sdl !== sdl) {
      try {
        liveFieldsFor = { sdl, fields: readLiveFields(sdl, schema) };
      } catch (error) {
        logger.error('the supergraph declares a live field the router cannot serve', { error });
        liveFieldsFor = { sdl, fields: new Map() };
      }
    }
    return liveFieldsFor.fields;
  };

  const stopRevocations = events.subscribe(TOKENS_REVOKED_CHANNEL, (message) => revocations.revoke(message)).catch((error: unknown) => {
    logger.error('not listening for token revocations', { error });
    return async () => {};
  });

  const planSubscription = async (
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    connection: Connection,
  ): Promise<Plan['live'] | readonly GraphQLError[]> => {
    const [selection] = operation.selectionSet.selections;
    if (operation.selectionSet.selections.length !== 1 || selection?.kind !== Kind.FIELD) {
      return badRequest('Select one subscription field directly, without fragments at the root.');
    }
    const field = liveFields(schema).get(selection.name.value);
    const fieldDefinition = schema.getSubscriptionType()?.getFields()[selection.name.value];
    if (!field || !fieldDefinition) return badRequest(`The router does not serve the subscription ${selection.name.value}.`);
    const { caller } = connection;
    if (needsCaller(field) && !caller.user) return [unauthenticated(`Sign in to subscribe to ${field.name}.`)];
    let args: Record<string, unknown>;
    try {
      // Validation passed, so the variables only need the values the client sent.
      args = getArgumentValues(fieldDefinition, selection, variables);
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError('Invalid arguments.')];
    }
    const refusal = await authorizer.authorize(field, args, caller);
    if (refusal) return [refusal];
    const live = liveSelection(document, operation, selection);
    const selected = selectionVariables(live, variables);
    const scope = scopeKey(field, caller);
    const channel = channelOf(field, args, caller.user?.id);
    const responseKey = selection.alias?.value ?? selection.name.value;
    return {
      caller,
      issuedAt: connection.issuedAt,
      spec: {
        key: stableJson([field.name, responseKey, live.shape, selected, scope, channel]),
        batchKey: stableJson([live.shape, batchScopeKey(field, caller, config.userBatchShards)]),
        channel,
        field,
        selection: live,
        variables: selected,
        responseKey,
        scope: field.scope,
      },
    };
  };

  const subscribe = async ({ contextValue }: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const plan = contextValue as Plan;
    if (!plan.live) return { errors: [new GraphQLError('Not a subscription.')] };
    const { spec, caller, issuedAt } = plan.live;
    const userId = caller.user?.id;
    const subscriber = new Subscriber({
      operationId: plan.operationId,
      socket: plan.socket,
      caller,
      issuedAt,
      maxBufferedBytes: config.maxBufferedBytes,
      onSlowConsumer: () => {
        slowConsumersClosed += 1;
        logger.info('closed a WebSocket client that did not keep up', { userId });
      },
      expired: () => unauthenticated('The access token has expired; the subscription has ended. Sign in again and resubscribe.'),
      onEnd: (ended) => {
        cohorts.leave(ended);
        if (userId) revocations.remove(userId, ended);
      },
    });
    if (!subscriber.usable(0)) return subscriber; // already expired: ends with its error
    if (userId) revocations.add(userId, subscriber);
    await cohorts.join(spec, subscriber);
    return subscriber;
  };

  const execute = async ({ contextValue }: ExecutionArgs): Promise<ExecutionResult> => {
    const { connection, operation, request } = contextValue as Plan;
    if (!operation) return { errors: [new GraphQLError('Not a query or mutation.')] };
    try {
      // The same per-client budget as over HTTP: a socket is no way around the rate limit.
      await options.limitRequests?.(request, connection.caller.user?.id);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return { errors: [new GraphQLError(error.message, { extensions: { code: error.extensions.code, retryAfterSeconds: error.extensions.retryAfterSeconds } })] };
    }
    const result = await options.run(operation, connection.caller);
    return { data: result.data ?? null, errors: asErrors(result) } as ExecutionResult;
  };

  const release = (client: string) => {
    const open = (openPerClient.get(client) ?? 1) - 1;
    if (open <= 0) openPerClient.delete(client);
    else openPerClient.set(client, open);
  };

  const disposable = useServer<Record<string, unknown> | undefined>(
    {
      async onConnect(ctx) {
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        if (raw !== undefined && typeof raw !== 'string') return false;
        let user;
        try {
          user = await authenticate(raw, options.verifyToken);
        } catch (error) {
          if (error instanceof GraphQLError) return false; // closes with 4403 Forbidden
          throw error;
        }
        const token = user && raw ? raw.replace(/^Bearer\s+/i, '').trim() : undefined;
        const issuedAt = token ? decodeJwt(token).iat : undefined;
        const client = user ? `user:${user.id}` : `ip:${ctx.extra.request.socket.remoteAddress ?? 'unknown'}`;
        const connection: Connection = { caller: { user, authorization: user ? raw : undefined }, issuedAt, client };
        if (revocations.revoked(connection.caller, connection.issuedAt)) return false;
        const limit = user ? config.maxConnectionsPerUser : config.maxConnectionsPerAddress;
        const open = openPerClient.get(client) ?? 0;
        if (open >= limit) {
          recordRateLimitRefusal('router', 'websocket_connections');
          ctx.extra.socket.close(TOO_MANY_CONNECTIONS_CLOSE_CODE, `Too many connections: at most ${limit} per ${user ? 'user' : 'address'}`);
          return false;
        }
        openPerClient.set(client, open + 1);
        ctx.extra.socket.once('close', () => release(client));
        connections.set(ctx, connection);
        return true;
      },
      async onSubscribe(ctx, id, payload) {
        if (Object.keys(ctx.subscriptions).length > config.maxOperationsPerConnection) {
          return badRequest(`At most ${config.maxOperationsPerConnection} operations may run at once on one connection.`);
        }
        const schema = options.apiSchema();
        if (!schema) return [coded('SERVICE_UNAVAILABLE', 'The router is still starting. Please retry.')];
        const connection = connections.get(ctx) ?? { caller: { user: null }, client: 'unknown' };
        const { user } = connection.caller;
        if (user && user.expiresAt.getTime() <= Date.now()) return [unauthenticated('The access token has expired.')];
        if (revocations.revoked(connection.caller, connection.issuedAt)) return [unauthenticated('The access token was revoked. Sign in again.')];
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('The query could not be parsed.')];
        }
        const errors = validate(schema, document, [...specifiedRules, ...options.validationRules]);
        // Counted as over HTTP (graphqlTelemetryPlugin): refusals by the router's limits name their limit.
        for (const error of errors) if (typeof error.extensions.limit === 'string') recordCostLimitRefusal('router', error.extensions.limit);
        if (errors.length > 0) return errors;
        const operationName = payload.operationName ?? undefined;
        const operation = getOperationAST(document, operationName);
        if (!operation) return badRequest('Name the operation to run (operationName).');
        const variables = payload.variables ?? {};
        const plan: Plan = { connection, socket: ctx.extra.socket, operationId: id, request: ctx.extra.request };
        if (operation.operation === 'subscription') {
          if (config.subscribeRatePerMinute > 0) {
            const { count, remainingMs } = await options.kv.increment(`router:subscribes:${connection.client}`, 60_000);
            if (count > config.subscribeRatePerMinute) {
              recordRateLimitRefusal('router', 'subscribes');
              const retryAfterSeconds = Math.max(1, Math.ceil(remainingMs / 1000));
              return [rateLimited(`Too many subscribe attempts. Try again in ${retryAfterSeconds} second(s).`, retryAfterSeconds)];
            }
          }
          const live = await planSubscription(schema, document, operation, variables, connection);
          if (!live || !('spec' in live)) return live ?? badRequest('Not a subscription.');
          plan.live = live;
        } else {
          plan.operation = { query: document, variables, operationName };
        }
        // The client's own document: graphql-ws picks subscribe or execute by its operation type.
        return { schema, document, operationName, contextValue: plan };
      },
      subscribe,
      execute,
      onError(_ctx, _id, _payload, errors) {
        logger.debug('subscription refused', { errors: errors.map((error) => error.message) });
      },
    },
    wss,
    config.keepAliveMs,
  );

  return {
    connections: () => wss.clients.size,
    stats: () => ({ ...cohorts.stats(), connections: wss.clients.size, slowConsumersClosed }),
    async close() {
      const cutOff = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, options.drainTimeoutMs ?? 5_000);
      try {
        await disposable.dispose();
      } finally {
        clearTimeout(cutOff);
        cohorts.close();
        await (await stopRevocations)();
      }
    },
  };
}
