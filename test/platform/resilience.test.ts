import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BrokenCircuitError } from 'cockatiel';
import { circuitStates, createCallPolicy, metricsRegistry, querySubgraph, SubgraphHttpError } from '@marquee/platform';

/** A real HTTP dependency whose behaviour the test switches: answer, fail with 503, or hang. */
async function dependency() {
  let mode: 'ok' | 'fail' | 'hang' = 'ok';
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls += 1;
    req.resume();
    if (mode === 'hang') return; // never answers: the caller's timeout must end the call
    if (mode === 'fail') {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { ok: true } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    set: (next: typeof mode) => (mode = next),
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let dep: Awaited<ReturnType<typeof dependency>>;
beforeEach(async () => {
  dep = await dependency();
});
afterEach(() => dep.close());

const get = (url: string) => async (signal: AbortSignal) => {
  const response = await fetch(url, { method: 'POST', body: '{}', signal });
  if (!response.ok) throw new SubgraphHttpError(url, response.status);
  return response.json();
};

const seriesValue = async (name: string, labels: Record<string, string>) => {
  const metric = await metricsRegistry.getSingleMetric(name)?.get();
  const value = metric?.values.find((entry) => Object.entries(labels).every(([key, v]) => entry.labels[key] === v));
  return value?.value ?? 0;
};

it('retries a query that failed with a 5xx, with backoff, and answers once the dependency does', async () => {
  const policy = createCallPolicy({ caller: 'test-retry', target: 'flaky', timeoutMs: 2_000, retries: 2, initialDelayMs: 1 });
  dep.set('fail');
  const answer = policy.run(get(dep.url), { repeatable: true });
  // Let the first attempt fail, then heal the dependency before the retry budget runs out.
  while (dep.calls() < 1) await new Promise((resolve) => setTimeout(resolve, 5));
  dep.set('ok');
  await expect(answer).resolves.toEqual({ data: { ok: true } });
  expect(dep.calls()).toBeGreaterThanOrEqual(2);
  expect(await seriesValue('marquee_subgraph_fetch_retries_total', { caller: 'test-retry', subgraph: 'flaky' })).toBeGreaterThanOrEqual(1);
});

it('never repeats a call that is not safe to repeat (a mutation)', async () => {
  const policy = createCallPolicy({ caller: 'test-once', target: 'flaky', timeoutMs: 2_000, retries: 2, initialDelayMs: 1 });
  dep.set('fail');
  await expect(policy.run(get(dep.url), { repeatable: false })).rejects.toBeInstanceOf(SubgraphHttpError);
  expect(dep.calls()).toBe(1);
});

it('gives up on a dependency that does not answer in time, and aborts the request', async () => {
  const policy = createCallPolicy({ caller: 'test-timeout', target: 'slow', timeoutMs: 200, retries: 0 });
  dep.set('hang');
  let aborted = false;
  await expect(
    policy.run(async (signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return get(dep.url)(signal);
    }, { repeatable: true }),
  ).rejects.toThrow();
  expect(aborted).toBe(true);
});

it('opens the circuit after consecutive failures, fails fast without calling, then probes and closes', async () => {
  const policy = createCallPolicy({ caller: 'test-breaker', target: 'down', timeoutMs: 2_000, retries: 0, failureThreshold: 3, halfOpenAfterMs: 300 });
  dep.set('fail');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await expect(policy.run(get(dep.url), { repeatable: true })).rejects.toBeInstanceOf(SubgraphHttpError);
  }
  expect(policy.state()).toBe('open');
  expect(circuitStates('test-breaker')).toEqual({ down: 'open' });
  expect(await seriesValue('marquee_circuit_breaker_state', { caller: 'test-breaker', subgraph: 'down' })).toBe(2);

  const callsWhenOpened = dep.calls();
  await expect(policy.run(get(dep.url), { repeatable: true })).rejects.toBeInstanceOf(BrokenCircuitError);
  expect(dep.calls()).toBe(callsWhenOpened);

  // The dependency recovers; after the open period one call goes through and closes the circuit.
  dep.set('ok');
  const until = Date.now() + 10_000;
  for (;;) {
    const result = await policy.run(get(dep.url), { repeatable: false }).catch((error: unknown) => error);
    if (!(result instanceof BrokenCircuitError)) {
      expect(result).toEqual({ data: { ok: true } });
      break;
    }
    if (Date.now() > until) throw new Error('circuit never half-opened');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(policy.state()).toBe('closed');
  expect(await seriesValue('marquee_circuit_breaker_state', { caller: 'test-breaker', subgraph: 'down' })).toBe(0);
});

it('querySubgraph shares one breaker per caller and dependency and fails fast while it is open', async () => {
  dep.set('fail');
  const target = { url: dep.url, routerSecret: 's'.repeat(32), timeoutMs: 2_000, caller: 'test-client', target: 'catalog' };
  // Mutations: no retries, so each call is one failure; half of at least 10 calls in 10 s opens it.
  for (let attempt = 0; attempt < 30 && circuitStates('test-client').catalog !== 'open'; attempt += 1) {
    await expect(querySubgraph(target, { query: 'mutation M { m }', variables: {}, requestId: 'r' })).rejects.toThrow();
  }
  expect(circuitStates('test-client')).toEqual({ catalog: 'open' });
  const calls = dep.calls();
  await expect(querySubgraph(target, { query: 'query Q { q }', variables: {}, requestId: 'r' })).rejects.toBeInstanceOf(BrokenCircuitError);
  expect(dep.calls()).toBe(calls);
  expect(await seriesValue('marquee_subgraph_fetch_failures_total', { caller: 'test-client', subgraph: 'catalog', reason: 'circuit_open' })).toBe(1);
});
