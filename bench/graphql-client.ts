/**
 * The bench's HTTP client of the router: one POST per operation over Node's fetch (undici), whose
 * global agent keeps connections alive, so the numbers measure the server, not TCP handshakes.
 */
export interface GraphQLError {
  message: string;
  extensions?: { code?: unknown; [key: string]: unknown };
}

export interface GraphQLResult<T> {
  status: number;
  data: T | null;
  errors: GraphQLError[];
}

export type Operation = { query: string; variables?: Record<string, unknown>; token?: string };

export async function post<T = Record<string, unknown>>(routerUrl: string, operation: Operation): Promise<GraphQLResult<T>> {
  const response = await fetch(routerUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(operation.token ? { authorization: `Bearer ${operation.token}` } : {}),
    },
    body: JSON.stringify({ query: operation.query, variables: operation.variables ?? {} }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLError[] };
  return { status: response.status, data: body.data ?? null, errors: body.errors ?? [] };
}

/** The data of a successful operation; throws with the errors otherwise (set-up steps). */
export async function must<T = Record<string, unknown>>(routerUrl: string, operation: Operation): Promise<T> {
  const result = await post<T>(routerUrl, operation);
  if (result.errors.length > 0 || result.data === null) {
    throw new Error(`operation failed (${result.status}): ${JSON.stringify(result.errors)}\n${operation.query}`);
  }
  return result.data;
}
