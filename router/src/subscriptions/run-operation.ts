import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import type { RouterContext } from '../context.js';
import type { RunOperation } from './types.js';

/**
 * Runs an operation through the router's own ApolloServer, so through the gateway with the
 * caller's Authorization forwarded, the same validation limits and the same formatError.
 */
export function runThroughApollo(apollo: ApolloServer<RouterContext>): RunOperation {
  return async ({ query, variables, operationName }, caller) => {
    const response = await apollo.executeOperation(
      { query, variables, operationName },
      { contextValue: { requestId: randomUUID(), user: caller.user, authorization: caller.authorization, perFieldCallers: caller.perFieldCallers } },
    );
    if (response.body.kind !== 'single') {
      return { errors: [{ message: 'Incremental delivery is not supported over WebSocket.', extensions: { code: 'BAD_REQUEST' } }] };
    }
    return response.body.singleResult;
  };
}
