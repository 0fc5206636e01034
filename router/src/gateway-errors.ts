import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '@marquee/platform';

import { withExecutor, type Gateway } from './gateway-executor.js';

/**
 * When a subgraph answers without errors but its data breaks the supergraph (a non-null field
 * came back null: an order whose user no longer exists), @apollo/gateway nulls the answer as
 * GraphQL requires and puts the reasons under `extensions.valueCompletion`, which Apollo Server
 * does not send. The client then sees `{"data": null}` with no error at all. This executor moves
 * those reasons into `errors`, so no answer ever drops its errors; formatError then shows them
 * as INTERNAL_SERVER_ERROR with their path (the cause is ours, not the client's).
 */
export function withValueCompletionErrors(gateway: Gateway): Gateway {
  return withExecutor(gateway, (executor) => async (requestContext) => {
    const result = await executor(requestContext);
    const completion = result.extensions?.valueCompletion as readonly unknown[] | undefined;
    if (!Array.isArray(completion) || completion.length === 0) return result;
    const { valueCompletion: _moved, ...extensions } = result.extensions ?? {};
    const errors = completion.map((error) =>
      error instanceof GraphQLError ? error : new GraphQLError(String((error as { message?: unknown })?.message ?? error)),
    );
    return { ...result, errors: [...(result.errors ?? []), ...errors], ...(Object.keys(extensions).length ? { extensions } : { extensions: undefined }) };
  });
}

/** What a client is told to wait before retrying while a database is unreachable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * An answer whose data is null and whose every error is SERVICE_UNAVAILABLE (a subgraph or its
 * database is unreachable; nothing was done) is HTTP 503 with Retry-After, so clients, proxies
 * and load balancers treat it as the retryable outage it is. An answer with data, even with null
 * fields, stays 200: the errors name what is missing.
 */
export function unavailableAs503Plugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.length || !errors.every((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) return;
          // `data: null`: nothing at all could be answered. Null fields in an object are a partial answer (200).
          if (data !== null && data !== undefined) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
