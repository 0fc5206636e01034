import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { withCurrentOperationName } from './operation-name';

/**
 * HTTP for queries and mutations, graphql-ws on the same URL for subscriptions. The Headers tab's
 * headers become the WebSocket's connectionParams (keys lower-cased, so `Authorization` arrives as
 * `authorization`, the router's name for the token).
 */
export function createMarqueeFetcher(location: Location): Fetcher {
  const url = `${location.origin}/graphql`;
  const subscriptionUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
  const fetcher = createGraphiQLFetcher({ url, subscriptionUrl });
  return (params, options) => {
    const headers = Object.fromEntries(Object.entries(options?.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
    return fetcher(withCurrentOperationName(params), { ...options, headers });
  };
}
