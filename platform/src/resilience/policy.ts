import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  SamplingBreaker,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
  type IPolicy,
} from 'cockatiel';
import type { Logger } from '../logger.js';
import { metrics } from '../telemetry/metrics.js';

export { BrokenCircuitError };

/** A subgraph answered with a status that says it failed (5xx), or refused the call (4xx). */
export class SubgraphHttpError extends Error {
  override readonly name = 'SubgraphHttpError';
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`${url} answered HTTP ${status}`);
  }
}

export type CircuitStateName = 'closed' | 'half-open' | 'open';

export interface CallPolicyOptions {
  /** Who calls (router, inventory, food): metric label and /ready grouping. */
  caller: string;
  /** Which subgraph is called. */
  target: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Further attempts after the first for calls safe to repeat (queries); default 2. */
  retries?: number;
  /**
   * Consecutive failures that open the circuit. Unset: the circuit opens when half the calls of
   * the last 10 s failed, once there were at least 10 of them, so a few slow answers under a burst
   * do not shut a healthy dependency off.
   */
  failureThreshold?: number;
  /** How long an open circuit fails fast before one call probes the dependency; default 5 s. */
  halfOpenAfterMs?: number;
  /** First backoff delay; doubled each retry with decorrelated jitter, at most 1 s; default 50 ms. */
  initialDelayMs?: number;
  /** Told when the circuit opens and closes. */
  logger?: Logger;
}

export interface CallPolicy {
  readonly caller: string;
  readonly target: string;
  /**
   * Runs `call` with a timeout per attempt (its `signal` aborts a late attempt) inside the
   * circuit breaker; retries with backoff only when `repeatable` (a query, never a mutation).
   * An open circuit throws BrokenCircuitError at once, without calling. `call` must read the
   * whole answer before it returns: the signal is aborted only when the attempt times out.
   */
  run<T>(call: (signal: AbortSignal) => Promise<T>, options: { repeatable: boolean }): Promise<T>;
  state(): CircuitStateName;
}

/** Failures a dependency may recover from: no answer, no answer in time, or a 5xx. */
export function isTransientFailure(error: unknown): boolean {
  if (error instanceof SubgraphHttpError) return error.status >= 500 || error.status === 429;
  if (error instanceof BrokenCircuitError) return false;
  if (error instanceof TaskCancelledError) return true;
  // By name, not instanceof: fetch's errors may come from another realm (vm contexts, workers).
  const name = errorName(error);
  return name === 'TimeoutError' || name === 'AbortError' || name === 'TypeError' || name === 'FetchError' || (typeof error === 'object' && error !== null && 'code' in error);
}

/** Worth another attempt: failures that came back fast. A timeout is not retried (it would multiply the wait). */
function isRetryable(error: unknown): boolean {
  return isTransientFailure(error) && !(error instanceof TaskCancelledError);
}

export function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string' ? (error as { name: string }).name : '';
}

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};
const STATE_VALUES: Record<CircuitStateName, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Every policy of this process by caller, then target: what /ready and /metrics report. */
const policies = new Map<string, Map<string, CallPolicy>>();

/** Circuit states of one caller's dependencies (empty when it calls none). */
export function circuitStates(caller: string): Record<string, CircuitStateName> {
  return Object.fromEntries([...(policies.get(caller) ?? [])].map(([target, policy]) => [target, policy.state()]));
}

/**
 * The policy for calls from `caller` to `target` at `url`, created on first use and shared after:
 * every request of a service to one dependency counts toward the same breaker.
 */
export function callPolicy(options: CallPolicyOptions & { url: string }): CallPolicy {
  const key = `${options.caller}|${options.target}|${options.url}`;
  const existing = byUrl.get(key);
  if (existing) return existing;
  const created = createCallPolicy(options);
  byUrl.set(key, created);
  return created;
}
const byUrl = new Map<string, CallPolicy>();

/**
 * Timeouts, bounded retries with exponential backoff and jitter, and a circuit breaker for calls
 * from one service to another (cockatiel). One policy per caller and target: all calls to that
 * target share its breaker, so a dependency that is down is not hammered by every request.
 */
export function createCallPolicy(options: CallPolicyOptions): CallPolicy {
  const labels = { caller: options.caller, subgraph: options.target };
  const breaker = circuitBreaker(handleWhen(isTransientFailure), {
    halfOpenAfter: options.halfOpenAfterMs ?? 5_000,
    breaker:
      options.failureThreshold !== undefined
        ? new ConsecutiveBreaker(options.failureThreshold)
        : new SamplingBreaker({ threshold: 0.5, duration: 10_000, minimumRps: 1 }),
  });
  breaker.onStateChange((state) => {
    const name = STATE_NAMES[state];
    metrics.circuitState.set(labels, STATE_VALUES[name]);
    options.logger?.[name === 'open' ? 'warn' : 'info']('circuit breaker state changed', { caller: options.caller, target: options.target, state: name });
  });
  metrics.circuitState.set(labels, 0);
  // The signal is aborted when an attempt times out, not when it settles: `call` has read the whole
  // answer by then, and aborting a finished call only builds a DOMException per call (2 % of the
  // router's CPU in the side-by-side profile).
  const perAttempt = timeout(options.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  const retrying = retry(handleWhen(isRetryable), {
    maxAttempts: options.retries ?? 2,
    backoff: new ExponentialBackoff({ initialDelay: options.initialDelayMs ?? 50, maxDelay: 1_000 }),
  });
  retrying.onRetry(() => metrics.retries.inc(labels));
  const once: IPolicy = wrap(breaker, perAttempt);
  const repeated: IPolicy = wrap(retrying, breaker, perAttempt);

  const policy: CallPolicy = {
    caller: options.caller,
    target: options.target,
    run(call, { repeatable }) {
      return (repeatable ? repeated : once).execute(({ signal }) => call(signal));
    },
    state: () => STATE_NAMES[breaker.state],
  };
  const byTarget = policies.get(options.caller) ?? new Map<string, CallPolicy>();
  byTarget.set(options.target, policy);
  policies.set(options.caller, byTarget);
  return policy;
}
