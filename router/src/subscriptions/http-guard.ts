import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * The gateway cannot run a subscription over HTTP; say where it is served instead of letting
 * the query planner fail with something obscure.
 */
export function subscriptionsOverHttpRefused<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError(
            'Subscriptions are served over WebSocket: connect with the graphql-ws protocol to this same /graphql URL (ws:// or wss://).',
            { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
          );
        },
      };
    },
  };
}
