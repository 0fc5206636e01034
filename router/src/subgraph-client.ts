import { CHANGED_TYPES_HEADER } from '@marquee/platform';
import { Pool, type Dispatcher } from 'undici';

/** What a subgraph answered: the status, the body as sent, its Cache-Control (for cache hints) and the types it changed. */
export interface SubgraphAnswer {
  status: number;
  body: string;
  cacheControl: string | undefined;
  /** CHANGED_TYPES_HEADER: GraphQL types this request changed, comma-separated (the caches drop them). */
  changedTypes?: string;
}

export interface SubgraphClientOptions {
  /** The subgraph's GraphQL URL. */
  url: string;
  /** Headers every request carries (the router secret); set once, not per request. */
  headers: Record<string, string>;
  /** Give up on a subgraph that sends no headers, or stalls in its body, for this long. */
  timeoutMs: number;
  /** Keep-alive connections to the subgraph at most (default 64). */
  connections?: number;
}

export interface SubgraphPost {
  /** The JSON body: the subgraph operation, its variables and name. */
  body: string;
  /** Headers of this request (the caller's Authorization, the request id). */
  headers: Record<string, string>;
  /**
   * Identical requests in flight may share one answer: set only for query operations, and with
   * `shareKey` naming everything that decides what the caller may see (their Authorization).
   */
  share?: { key: string };
}

/**
 * One subgraph over a pooled keep-alive HTTP/1.1 client (undici's Pool and its request API, not the
 * WHATWG fetch layer), with in-flight sharing: while a request is on its way, an identical one
 * (same subgraph, body and visibility key) waits for the same answer instead of being sent again.
 * Each waiter parses the body itself, so no two callers ever hold the same objects.
 */
export class SubgraphClient {
  private readonly pool: Pool;
  private readonly origin: string;
  private readonly path: string;
  private readonly inFlight = new Map<string, Promise<SubgraphAnswer>>();
  /** How many answers were shared with a request already in flight (for the bench and tests). */
  shared = 0;
  sent = 0;

  constructor(private readonly options: SubgraphClientOptions) {
    const url = new URL(options.url);
    this.origin = url.origin;
    this.path = `${url.pathname}${url.search}`;
    this.pool = new Pool(this.origin, {
      connections: options.connections ?? 64,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 4_000,
    });
  }

  post(request: SubgraphPost): Promise<SubgraphAnswer> {
    if (!request.share) return this.send(request);
    const key = `${request.share.key}\u0000${request.body}`;
    const pending = this.inFlight.get(key);
    if (pending) {
      this.shared += 1;
      return pending;
    }
    const answer = this.send(request).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, answer);
    return answer;
  }

  private async send(request: SubgraphPost): Promise<SubgraphAnswer> {
    this.sent += 1;
    const response: Dispatcher.ResponseData = await this.pool.request({
      path: this.path,
      method: 'POST',
      headers: { ...this.options.headers, ...request.headers },
      body: request.body,
    });
    const body = await response.body.text();
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const changedTypes = header(CHANGED_TYPES_HEADER);
    return { status: response.statusCode, body, cacheControl: header('cache-control'), ...(changedTypes ? { changedTypes } : {}) };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
