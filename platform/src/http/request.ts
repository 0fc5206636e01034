import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
export const ROUTER_SECRET_HEADER = 'x-router-secret';

/** Keeps a caller's request id when it looks like one, so a request can be traced across services. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison, so the secret cannot be guessed byte by byte from timings. */
export function hasRouterSecret(req: IncomingMessage, secret: string): boolean {
  const given = req.headers[ROUTER_SECRET_HEADER];
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(secret));
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
