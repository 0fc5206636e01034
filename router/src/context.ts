import type { AuthUser } from '@marquee/platform';

/**
 * The router's own batch of many owners' live events (ADR 0029): each root field is resolved as
 * its own caller. Shared by reference with the gateway's copy of the context, so the gateway can
 * say it refused the batch.
 */
export interface PerFieldCallers {
  /** Response key of each root field -> that caller's Authorization. */
  authorizations: Record<string, string>;
  /**
   * Set when the query plan is more than one fetch: a later fetch (entities of another subgraph)
   * would carry several owners' data with no field to name them by, so nothing is sent.
   */
  refused?: boolean;
}

/** The router's per-request context; the Authorization header travels on to the subgraphs. */
export interface RouterContext {
  requestId: string;
  user: AuthUser | null;
  authorization?: string;
  /** The client's address, forwarded to the subgraphs (auth throttles logins per address). */
  clientAddress?: string;
  /** Only on the router's own live resolutions, never built from a client's request. */
  perFieldCallers?: PerFieldCallers;
}
