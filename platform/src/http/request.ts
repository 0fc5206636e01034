import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
export const ROUTER_SECRET_HEADER = 'x-router-secret';

const requestIds = new WeakMap<IncomingMessage, string>();

/**
 * Keeps a caller's request id when it looks like one, so a request can be traced across services.
 * The same request always gets the same id (log lines and handlers agree on a generated one).
 */
export function requestIdOf(req: IncomingMessage): string {
  const known = requestIds.get(req);
  if (known) return known;
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
  requestIds.set(req, id);
  return id;
}

/** The secret's bytes, made once per secret rather than on every request. */
const secretBytes = new Map<string, Buffer>();

/**
 * Constant-time comparison, so the secret cannot be guessed byte by byte from timings. A value of
 * another length is compared with the secret itself, so it takes the same time and tells only
 * that the length differs (not a secret: it is fixed by the format). No hash per request.
 */
export function hasRouterSecret(req: IncomingMessage, secret: string): boolean {
  const given = req.headers[ROUTER_SECRET_HEADER];
  if (typeof given !== 'string') return false;
  let expected = secretBytes.get(secret);
  if (!expected) {
    expected = Buffer.from(secret);
    // A process knows one or two secrets (rotation); the bound only guards against misuse.
    if (secretBytes.size >= 8) secretBytes.clear();
    secretBytes.set(secret, expected);
  }
  const actual = Buffer.from(given);
  if (actual.length !== expected.length) return !timingSafeEqual(expected, expected);
  return timingSafeEqual(actual, expected);
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
