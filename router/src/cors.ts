import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id';

/**
 * CORS for browser front ends on other origins. `*` allows any origin (development default);
 * otherwise only the listed origins get the headers. Answers preflights itself: true when the
 * request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && (allowedOrigins.includes('*') || allowedOrigins.includes(origin));
  if (allowed) {
    res.setHeader('access-control-allow-origin', allowedOrigins.includes('*') ? '*' : origin);
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
