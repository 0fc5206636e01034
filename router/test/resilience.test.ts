import { startTestStack, type TestStack } from '../../test/support/stack.js';

/** The router's fetches to a subgraph that is down: fail fast behind an open circuit, visible to operators. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

const routerBase = () => stack.routerUrl.replace(/\/graphql$/, '');

it('opens the circuit to a subgraph that is down, answers SERVICE_UNAVAILABLE for its fields, and shows it in /ready and /metrics', async () => {
  await stack.subgraphs.catalog!.service.http.close();
  const query = 'query Products { products(first: 1) { totalCount } }';
  let circuit: unknown;
  for (let attempt = 0; attempt < 10 && circuit !== 'open'; attempt += 1) {
    const response = await stack.graphql(query);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'catalog' });
    const ready = (await (await fetch(`${routerBase()}/ready`)).json()) as { circuits?: Record<string, string> };
    circuit = ready.circuits?.catalog;
  }
  expect(circuit).toBe('open');

  // While open, the router does not call catalog at all: the failure is counted as circuit_open.
  const response = await stack.graphql(query);
  expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'catalog' });
  const metrics = await (await fetch(`${routerBase()}/metrics`)).text();
  expect(metrics).toMatch(/marquee_subgraph_fetch_failures_total\{caller="router",subgraph="catalog",reason="circuit_open"\} [1-9]/);
  expect(metrics).toMatch(/marquee_circuit_breaker_state\{caller="router",subgraph="catalog"\} 2/);
  // Other subgraphs keep their closed circuits.
  expect(metrics).toMatch(/marquee_circuit_breaker_state\{caller="router",subgraph="auth"\} 0/);

  // The router still answers everything else: it stays in the load balancer, degraded, naming catalog.
  const ready = await fetch(`${routerBase()}/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: 'degraded', checks: { supergraph: true, 'subgraph:catalog': 'degraded', 'subgraph:booking': true } });
});
