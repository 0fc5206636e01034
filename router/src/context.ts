import type { AuthUser } from '@marquee/platform';

/** The router's per-request context; the Authorization header travels on to the subgraphs. */
export interface RouterContext {
  requestId: string;
  user: AuthUser | null;
  authorization?: string;
}
