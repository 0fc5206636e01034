import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../logger.js';

/**
 * One JSON line per GraphQL operation: request id, operation, how long it took and how many
 * errors it answered, so a slow or failing request can be found and followed across services.
 * Never the variables: they may hold passwords and tokens.
 */
export function requestLogPlugin<TContext extends { requestId: string }>(
  logger: Logger,
  level: 'info' | 'debug',
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const startedAt = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation, errors, response }) {
          logger[level]('graphql request', {
            requestId: contextValue.requestId,
            operation: operation?.operation,
            operationName: operationName ?? undefined,
            durationMs: Number((process.hrtime.bigint() - startedAt) / 1000n) / 1000,
            status: response.http.status ?? 200,
            errors: errors?.length ?? 0,
          });
        },
      };
    },
  };
}
