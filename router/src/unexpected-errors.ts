import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@marquee/platform';

/**
 * Apollo logs an error that escapes its request pipeline with no request id; this logs it with
 * one (the client got a 500 carrying the same id in x-request-id), so it can be found.
 */
export function unexpectedErrorLogPlugin<TContext extends { requestId: string }>(logger: Logger): ApolloServerPlugin<TContext> {
  return {
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      logger.error('request failed unexpectedly', { requestId: requestContext.contextValue.requestId, error });
    },
  };
}

/** Apollo's own log lines go through ours (JSON, levels), not to the console. */
export function apolloLogger(logger: Logger) {
  return {
    debug: (message: string) => logger.debug(String(message)),
    info: (message: string) => logger.info(String(message)),
    warn: (message: string) => logger.warn(String(message)),
    // The plugin above has logged the same failure with its request id.
    error: (message: string) =>
      String(message).startsWith('Unexpected error processing request') ? logger.debug(String(message)) : logger.error(String(message)),
  };
}
