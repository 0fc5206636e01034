import type { Logger } from '../logger.js';
import { callPolicy, SubgraphHttpError, type CallPolicy } from '../resilience/policy.js';
import { measureSubgraphCall } from '../telemetry/metrics.js';
import { REQUEST_ID_HEADER, ROUTER_SECRET_HEADER } from './request.js';

export interface SubgraphTarget {
  url: string;
  routerSecret: string;
  /** Per attempt. */
  timeoutMs: number;
  /** The calling service and the subgraph called: they name the circuit breaker and the metrics. */
  caller?: string;
  target?: string;
  /** Told when the circuit opens and closes. */
  logger?: Logger;
}

export interface SubgraphCall {
  query: string;
  variables: Record<string, unknown>;
  requestId: string;
  /** The caller's own Authorization header, so the other subgraph applies its rules to them. */
  authorization?: string | null;
}

export interface SubgraphAnswer<TData> {
  data?: TData | null;
  errors?: { message?: string; extensions?: { code?: unknown } }[];
}

const MUTATION = /^\s*mutation\b/;

/**
 * The policy (timeout, retries, breaker) of calls to `target`, shared by every call to it. A
 * client creates it when it is built, so its circuit is in `/ready` and `/metrics` (closed) before
 * the first call.
 */
export function subgraphPolicy(target: SubgraphTarget): CallPolicy {
  const caller = target.caller ?? 'subgraph';
  const name = target.target ?? new URL(target.url).host;
  return callPolicy({ caller, target: name, url: target.url, timeoutMs: target.timeoutMs, logger: target.logger });
}

/**
 * One GraphQL call from a subgraph to another, as the router would make it: with the router
 * secret (subgraphs answer nobody else), the request id, a timeout per attempt, retries with
 * backoff for queries (never for a mutation) and a circuit breaker per caller and target
 * (resilience/policy.ts). Throws when the other subgraph cannot be reached, times out, answers a
 * non-2xx status or its circuit is open (BrokenCircuitError); GraphQL errors are returned.
 */
export async function querySubgraph<TData>(target: SubgraphTarget, call: SubgraphCall): Promise<SubgraphAnswer<TData>> {
  const policy = subgraphPolicy(target);
  const { caller, target: name } = policy;
  const body = JSON.stringify({ query: call.query, variables: call.variables });
  return measureSubgraphCall(caller, name, () =>
    policy.run(
      async (signal) => {
        const response = await fetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [ROUTER_SECRET_HEADER]: target.routerSecret,
            [REQUEST_ID_HEADER]: call.requestId,
            ...(call.authorization ? { authorization: call.authorization } : {}),
          },
          body,
          signal,
        });
        if (!response.ok) {
          await response.body?.cancel();
          throw new SubgraphHttpError(target.url, response.status);
        }
        return (await response.json()) as SubgraphAnswer<TData>;
      },
      { repeatable: !MUTATION.test(call.query) },
    ),
  );
}
