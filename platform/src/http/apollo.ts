import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

const MAX_BODY_BYTES = 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

/** A GraphQL-shaped error response for failures before GraphQL runs (bad body, missing secret). */
export function sendGraphQLError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'BAD_REQUEST', 'The request body is too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function parseBody(req: IncomingMessage): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const text = await readBody(req);
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.includes('application/json')) return text;
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  }
}

/** A whole answer to a GraphQL request made without Apollo's HTTP handling. */
export interface GraphQLHttpAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * Runs one HTTP request through Apollo Server (its own integration API), so the router and the
 * subgraphs need no web framework: node:http carries GraphQL, health, readiness and JWKS alike.
 * `answerItself` may answer a parsed body on its own instead (undefined: Apollo answers it).
 */
export async function handleGraphQLRequest<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  context: () => Promise<TContext>,
  answerItself?: (body: unknown) => Promise<GraphQLHttpAnswer | undefined>,
): Promise<void> {
  let body: unknown;
  try {
    body = await parseBody(req);
  } catch (error) {
    if (error instanceof HttpError) return sendGraphQLError(res, error.status, error.code, error.message);
    throw error;
  }
  const own = answerItself && (await answerItself(body));
  if (own) return sendJson(res, own.status, own.body, own.headers);
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context,
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
