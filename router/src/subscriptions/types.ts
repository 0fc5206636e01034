import type { AuthUser } from '@marquee/platform';
import type { DocumentNode, FormattedExecutionResult } from 'graphql';

/** Who a WebSocket connection belongs to: the verified token, kept to forward to the subgraphs. */
export interface Caller {
  user: AuthUser | null;
  authorization?: string;
}

/** Runs a query or mutation through the router's gateway as `caller`. */
export type RunOperation = (
  request: { query: string | DocumentNode; variables?: Record<string, unknown>; operationName?: string },
  caller: Caller,
) => Promise<FormattedExecutionResult>;
