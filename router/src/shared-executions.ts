import type { CacheHint } from '@apollo/cache-control-types';
import { metrics } from '@marquee/platform';
import type { RouterContext } from './context.js';
import { withExecutor, type Executor, type Gateway } from './gateway-executor.js';

type RequestContext = Parameters<Executor>[0];
type Result = Awaited<ReturnType<Executor>>;

interface Shared {
  result: Result;
  /** The cache hints the subgraphs gave the execution, which set each answer's Cache-Control. */
  policy: CacheHint;
}

/**
 * In-flight sharing of whole query operations (ADR 0026): while a caller's query is executing,
 * the same query by the same caller (same Authorization, document, operation and variables) waits
 * for that execution instead of planning, fetching and shaping again. Everything per request still
 * runs for each: authentication, the rate limit, operation limits, logging and the response cache;
 * only the gateway's execution is shared, and its cache hints are applied to every answer.
 * Mutations, and the router's own operations (live subscriptions), always execute on their own.
 */
export function withSharedQueryExecutions(gateway: Gateway, enabled: boolean): Gateway {
  if (!enabled) return gateway;
  const inFlight = new Map<string, Promise<Shared>>();
  return withExecutor(gateway, (executor) => async (requestContext) => {
    const key = sharingKey(requestContext);
    if (key === null) return executor(requestContext);
    const running = inFlight.get(key);
    if (running) {
      metrics.sharedOperations.inc();
      const { result, policy } = await running;
      requestContext.overallCachePolicy.restrict(policy);
      // A result of its own: later steps may set fields on it (errors are formatted into new objects).
      return { ...result };
    }
    const execution = executor(requestContext).then((result) => ({
      result,
      policy: { maxAge: requestContext.overallCachePolicy.maxAge, scope: requestContext.overallCachePolicy.scope },
    }));
    inFlight.set(key, execution);
    try {
      return { ...(await execution).result };
    } finally {
      inFlight.delete(key);
    }
  });
}

/** The key of a shareable execution; null for anything that must run on its own. */
function sharingKey(requestContext: RequestContext): string | null {
  // No HTTP request: the router's own operation (a subscription's event batch).
  if (requestContext.operation?.operation !== 'query' || !requestContext.request.http) return null;
  const context = requestContext.context as RouterContext;
  const variables = requestContext.request.variables;
  return `${context.authorization ?? ''}\u0000${requestContext.queryHash}\u0000${requestContext.operationName ?? ''}\u0000${variables ? JSON.stringify(variables) : ''}`;
}
