import type { Server } from 'node:http';
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
  type FieldNode,
  type FormattedExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authenticate, ErrorCode, unauthenticated, type EventBus, type Logger, type OrderEvent, type TokenVerifier } from '@marquee/platform';
import { EVENT_ORDER_VARIABLE, eventQuery } from './event-query.js';
import { EventStream } from './event-stream.js';
import { subscriptionFields, type SubscriptionField } from './order-fields.js';
import type { Caller, RunOperation } from './types.js';

export interface SubscriptionServerOptions {
  server: Server;
  path: string;
  /** The supergraph's API schema, once the gateway has loaded it. */
  apiSchema: () => GraphQLSchema | undefined;
  run: RunOperation;
  verifyToken: TokenVerifier;
  events: EventBus;
  logger: Logger;
  validationRules: ValidationRule[];
  /** How long shutdown waits for clients to acknowledge the close before cutting them off. */
  drainTimeoutMs?: number;
}

/** Each subscription costs a listener and a gateway query per event: one socket may not hoard them. */
export const MAX_OPERATIONS_PER_CONNECTION = 100;

export interface SubscriptionServer {
  /** Open WebSocket connections. */
  connections(): number;
  /** Refuses new connections and closes the open ones with 1001 (Going Away): clients reconnect elsewhere. */
  close(): Promise<void>;
}

/** What onSubscribe decided, handed to `subscribe`/`execute` as the context value. */
interface Plan {
  caller: Caller;
  subscription?: { field: SubscriptionField; args: Record<string, unknown>; query: DocumentNode; variables: Record<string, unknown>; responseKey: string; user: NonNullable<Caller['user']> };
  operation?: { query: DocumentNode; variables?: Record<string, unknown>; operationName?: string };
}

const asErrors = (result: FormattedExecutionResult): GraphQLError[] | undefined =>
  result.errors?.map((error) => new GraphQLError(error.message, { path: error.path, extensions: error.extensions }));

const badRequest = (message: string) => [new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } })];

/**
 * graphql-ws on the router's own /graphql path (DESIGN.md §3): the token from connectionParams,
 * the document validated against the API schema, then events from the bus, each re-read through
 * the gateway as the subscriber so the whole selection (federated fields too) arrives filled in.
 */
export function createSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { logger, events } = options;
  const callers = new WeakMap<WsContext, Caller>();
  const wss = new WebSocketServer({ server: options.server, path: options.path });

  const plan = async (ctx: WsContext, payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null }) => {
    const schema = options.apiSchema();
    if (!schema) return [new GraphQLError('The router is still starting. Please retry.', { extensions: { code: 'SERVICE_UNAVAILABLE' } })];
    const caller = callers.get(ctx) ?? { user: null };
    if (caller.user && caller.user.expiresAt.getTime() <= Date.now()) return [unauthenticated('The access token has expired.')];
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError('The query could not be parsed.')];
    }
    const errors = validate(schema, document, [...specifiedRules, ...options.validationRules]);
    if (errors.length > 0) return errors;
    const operationName = payload.operationName ?? undefined;
    const operation = getOperationAST(document, operationName);
    if (!operation) return badRequest('Name the operation to run (operationName).');
    const variables = payload.variables ?? {};
    const planned: Plan | readonly GraphQLError[] =
      operation.operation === 'subscription'
        ? await planSubscription(schema, document, operation, variables, caller)
        : { caller, operation: { query: document, variables, operationName } };
    if (!('caller' in planned)) return planned;
    return { schema, document, operationName, plan: planned };
  };

  const planSubscription = async (
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    caller: Caller,
  ): Promise<Plan | readonly GraphQLError[]> => {
    const [selection] = operation.selectionSet.selections;
    if (operation.selectionSet.selections.length !== 1 || selection?.kind !== Kind.FIELD) {
      return badRequest('Select one subscription field directly, without fragments at the root.');
    }
    const fieldNode: FieldNode = selection;
    const field = subscriptionFields[fieldNode.name.value];
    const fieldDefinition = schema.getSubscriptionType()?.getFields()[fieldNode.name.value];
    if (!field || !fieldDefinition) return badRequest(`The router does not serve the subscription ${fieldNode.name.value}.`);
    let args: Record<string, unknown>;
    try {
      // Validation passed, so the variables only need the values the client sent.
      args = getArgumentValues(fieldDefinition, fieldNode, variables);
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError('Invalid arguments.')];
    }
    try {
      const user = await field.authorize(args, caller, options.run);
      return {
        caller,
        subscription: {
          field,
          args,
          user,
          query: eventQuery(document, operation, fieldNode),
          variables,
          responseKey: fieldNode.alias?.value ?? fieldNode.name.value,
        },
      };
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
  };

  const subscribe = async ({ contextValue }: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const { caller, subscription } = contextValue as Plan;
    if (!subscription) return { errors: [new GraphQLError('Not a subscription.')] };
    const { user, query, variables, responseKey } = subscription;
    let stopListening: () => Promise<void> = async () => {};
    const stream = new EventStream({
      expiresAt: user.expiresAt,
      expired: () => unauthenticated('The access token has expired; the subscription has ended. Sign in again and resubscribe.'),
      onEnd: () => stopListening(),
      resolve: async (message) => {
        const event = JSON.parse(message) as OrderEvent;
        const result = await options.run({ query, variables: { ...variables, [EVENT_ORDER_VARIABLE]: event.orderId } }, caller);
        const data = result.data as Record<string, unknown> | null | undefined;
        const code = result.errors?.[0]?.extensions?.code;
        // Re-authorized per event by the subgraph itself: what the caller may not see is not sent.
        if (!data?.[responseKey] && (code === ErrorCode.NOT_FOUND || code === ErrorCode.FORBIDDEN || code === ErrorCode.UNAUTHENTICATED)) {
          return null;
        }
        return { data: data ?? null, errors: asErrors(result) };
      },
    });
    stopListening = await events.subscribe(subscription.field.channel(subscription.args, user), (message) => stream.push(message));
    return stream;
  };

  const execute = async ({ contextValue }: ExecutionArgs): Promise<ExecutionResult> => {
    const { caller, operation } = contextValue as Plan;
    if (!operation) return { errors: [new GraphQLError('Not a query or mutation.')] };
    const result = await options.run(operation, caller);
    return { data: result.data ?? null, errors: asErrors(result) } as ExecutionResult;
  };

  const disposable = useServer(
    {
      async onConnect(ctx) {
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        if (raw !== undefined && typeof raw !== 'string') return false;
        try {
          const user = await authenticate(raw, options.verifyToken);
          callers.set(ctx, { user, authorization: user ? raw : undefined });
          return true;
        } catch (error) {
          if (error instanceof GraphQLError) return false; // closes with 4403 Forbidden
          throw error;
        }
      },
      async onSubscribe(ctx, _id, payload) {
        if (Object.keys(ctx.subscriptions).length > MAX_OPERATIONS_PER_CONNECTION) {
          return badRequest(`At most ${MAX_OPERATIONS_PER_CONNECTION} operations may run at once on one connection.`);
        }
        const result = await plan(ctx, payload);
        if (!('plan' in result)) return result;
        // The client's own document: graphql-ws picks subscribe or execute by its operation type.
        return { schema: result.schema, document: result.document, operationName: result.operationName, contextValue: result.plan };
      },
      subscribe,
      execute,
      onError(_ctx, _id, _payload, errors) {
        logger.debug('subscription refused', { errors: errors.map((error) => error.message) });
      },
    },
    wss,
  );

  return {
    connections: () => wss.clients.size,
    async close() {
      const cutOff = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, options.drainTimeoutMs ?? 5_000);
      try {
        await disposable.dispose();
      } finally {
        clearTimeout(cutOff);
      }
    },
  };
}
