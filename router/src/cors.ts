import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Request headers a browser client may send: ours, Apollo Client's client awareness, CSRF
 * prevention and persisted-query headers, W3C trace context and what fetch adds on its own.
 */
export const ALLOWED_HEADERS = [
  'accept',
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'apollographql-client-name',
  'apollographql-client-version',
  'x-apollo-operation-name',
  'x-request-id',
  'traceparent',
  'tracestate',
  'baggage',
  'cache-control',
  'pragma',
].join(', ');

/** True when a browser at `origin` may call the router (`*` in the list allows any origin). */
export function originAllowed(origin: string | undefined, allowedOrigins: readonly string[]): boolean {
  return origin !== undefined && (allowedOrigins.includes('*') || allowedOrigins.includes(origin));
}

/**
 * CORS for browser front ends on other origins. `*` allows any origin (development default);
 * otherwise only the listed origins get the headers. Answers preflights itself: true when the
 * request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  const allowed = originAllowed(origin, allowedOrigins);
  if (allowed) {
    res.setHeader('access-control-allow-origin', allowedOrigins.includes('*') ? '*' : (origin as string));
    res.setHeader('access-control-expose-headers', 'x-request-id, retry-after');
    if (!allowedOrigins.includes('*')) res.setHeader('vary', 'origin');
  }
  if (req.method !== 'OPTIONS') return false;
  if (allowed) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(allowed ? 204 : 403);
  res.end();
  return true;
}

/**
 * Browsers send Origin on a WebSocket upgrade but apply no CORS to it, so a page on any site could
 * open a socket to the router with its visitor's network position. Refuse upgrades from origins
 * the CORS list does not allow, before graphql-ws sees them; clients that send no Origin (servers,
 * scripts) are not browsers and pass. Registered first so it runs before the WebSocket server.
 */
export function refuseUpgradesFromOtherOrigins(server: Server, allowedOrigins: readonly string[]): void {
  server.prependListener('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const origin = req.headers.origin;
    if (origin === undefined || originAllowed(origin, allowedOrigins)) return;
    // Written and destroyed at once: the WebSocket server's own listener then sees a dead socket.
    socket.write('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    socket.destroy();
  });
}
