import type { IncomingMessage } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { rateLimited, recordRateLimitRefusal, type KeyValueStore } from '@marquee/platform';

export interface RequestRateLimitOptions {
  store: KeyValueStore;
  /** Requests a client may make per window; 0 turns the limit off. */
  limit: number;
  windowMs: number;
}

/**
 * A fixed-window limit per client at the router: the signed-in user when there is one, else the
 * peer address. In Redis when REDIS_URL is set, so every router replica counts together.
 */
export function createRequestRateLimit({ store, limit, windowMs }: RequestRateLimitOptions) {
  return async (req: IncomingMessage, userId: string | undefined): Promise<void> => {
    if (limit <= 0) return;
    const client = userId ? `user:${userId}` : `ip:${req.socket.remoteAddress ?? 'unknown'}`;
    const { count, remainingMs } = await store.increment(`router:requests:${client}`, windowMs);
    if (count > limit) {
      recordRateLimitRefusal('router', 'requests');
      const retryAfterSeconds = Math.max(1, Math.ceil(remainingMs / 1000));
      const error = rateLimited(`Too many requests. Try again in ${retryAfterSeconds} second(s).`, retryAfterSeconds);
      error.extensions.http = { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) };
      throw error;
    }
  };
}
