import type { AuthUser } from '@marquee/platform';
import type { DocumentNode, FormattedExecutionResult } from 'graphql';
import type { PerFieldCallers } from '../context.js';

/** Who a WebSocket connection belongs to: the verified token, kept to forward to the subgraphs. */
export interface Caller {
  user: AuthUser | null;
  authorization?: string;
  /** Instead of one caller: each root field's own (the router's batches of many owners' events). */
  perFieldCallers?: PerFieldCallers;
}

/** Runs a query or mutation through the router's gateway as `caller`. */
export type RunOperation = (
  request: { query: string | DocumentNode; variables?: Record<string, unknown>; operationName?: string },
  caller: Caller,
) => Promise<FormattedExecutionResult>;
