import type { IncomingMessage } from 'node:http';

/**
 * The router tells subgraphs who the client is (for per-address login throttling) in this
 * header. The router always sets it itself (it never forwards a client's copy) and subgraphs
 * answer nobody without the router secret, so the value can be trusted exactly as far as the
 * secret.
 */
export const CLIENT_ADDRESS_HEADER = 'x-client-address';

/** What a subgraph keys per-client limits by when a call carries no address. */
export const UNKNOWN_CLIENT_ADDRESS = 'unknown';

/**
 * The client's address as the router sees it: the TCP peer, or with `trustedProxyHops` n > 0
 * (the router runs behind n proxies of its own that append to X-Forwarded-For), the address
 * the outermost trusted proxy saw. Entries further left are the client's to forge and ignored.
 */
export function clientAddressOf(req: IncomingMessage, trustedProxyHops = 0): string {
  const peer = req.socket.remoteAddress ?? UNKNOWN_CLIENT_ADDRESS;
  if (trustedProxyHops <= 0) return peer;
  const forwarded = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  return hops[hops.length - trustedProxyHops]?.slice(0, 64) ?? peer;
}

/** A subgraph reads the address the router forwarded (bounded; anything odd counts as unknown). */
export function forwardedClientAddress(req: IncomingMessage): string {
  const value = req.headers[CLIENT_ADDRESS_HEADER];
  return typeof value === 'string' && /^[0-9A-Za-z.:%_-]{1,64}$/.test(value) ? value : UNKNOWN_CLIENT_ADDRESS;
}
