import { authExchange } from '@urql/exchange-auth';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { cacheExchange, Client, fetchExchange, subscriptionExchange } from 'urql';
import type { AppConfig } from './config';
import { freshAccessToken, getSession, REFRESH_MARGIN_MS, refreshSession } from './session';

/**
 * urql over HTTP for queries and mutations and graphql-ws (same URL) for subscriptions. The auth
 * exchange adds the access token, refreshes it shortly before it expires and once more when the
 * API says UNAUTHENTICATED; the socket asks for a fresh token each time it (re)connects.
 */
export function createApiClient(config: AppConfig): { client: Client; dispose(): void } {
  const ws: WsClient = createWsClient({
    url: config.websocketUrl,
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    connectionParams: async () => {
      const token = await freshAccessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  });
  const client = new Client({
    url: config.graphqlUrl,
    requestPolicy: 'cache-and-network',
    // POST for every operation: the router refuses simple GETs as possible cross-site requests (CSRF).
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const session = getSession();
          return session ? utils.appendHeaders(operation, { Authorization: `Bearer ${session.accessToken}` }) : operation;
        },
        willAuthError() {
          const session = getSession();
          return !!session && session.expiresAt - Date.now() < REFRESH_MARGIN_MS;
        },
        didAuthError(error) {
          // Only a signed-in caller can be helped by a refresh (a wrong password is not a token problem).
          return !!getSession() && error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
        },
        async refreshAuth() {
          await refreshSession();
        },
      })),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
