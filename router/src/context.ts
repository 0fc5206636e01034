import type { AuthUser } from '@marquee/platform';

/** The router's per-request context; the Authorization header travels on to the subgraphs. */
export interface RouterContext {
  requestId: string;
  user: AuthUser | null;
  authorization?: string;
  /** The client's address, forwarded to the subgraphs (auth throttles logins per address). */
  clientAddress?: string;
}
