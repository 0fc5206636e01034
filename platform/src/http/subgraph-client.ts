import { REQUEST_ID_HEADER, ROUTER_SECRET_HEADER } from './request.js';

export interface SubgraphTarget {
  url: string;
  routerSecret: string;
  timeoutMs: number;
}

export interface SubgraphCall {
  query: string;
  variables: Record<string, unknown>;
  requestId: string;
  /** The caller's own Authorization header, so the other subgraph applies its rules to them. */
  authorization?: string | null;
}

export interface SubgraphAnswer<TData> {
  data?: TData | null;
  errors?: { message?: string; extensions?: { code?: unknown } }[];
}

/**
 * One GraphQL call from a subgraph to another, as the router would make it: with the router
 * secret (subgraphs answer nobody else), the request id and a timeout. Throws when the other
 * subgraph cannot be reached, times out or answers a non-2xx status; GraphQL errors are returned.
 */
export async function querySubgraph<TData>(target: SubgraphTarget, call: SubgraphCall): Promise<SubgraphAnswer<TData>> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [ROUTER_SECRET_HEADER]: target.routerSecret,
      [REQUEST_ID_HEADER]: call.requestId,
      ...(call.authorization ? { authorization: call.authorization } : {}),
    },
    body: JSON.stringify({ query: call.query, variables: call.variables }),
    signal: AbortSignal.timeout(target.timeoutMs),
  });
  if (!response.ok) throw new Error(`${target.url} answered HTTP ${response.status}`);
  return (await response.json()) as SubgraphAnswer<TData>;
}
