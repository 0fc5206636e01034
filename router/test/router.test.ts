import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { signUp, superAdminEnv } from '../../test/support/users.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
});
afterAll(() => stack.stop());

const routerBase = () => stack.routerUrl.replace('/graphql', '');

it('answers /health, and /ready once the supergraph is loaded and every subgraph answers', async () => {
  expect(await (await fetch(`${routerBase()}/health`)).json()).toEqual({ status: 'ok', service: 'router' });
  const ready = await fetch(`${routerBase()}/ready`);
  expect(ready.status).toBe(200);
  expect(((await ready.json()) as { checks: Record<string, boolean> }).checks).toMatchObject({ supergraph: true, 'subgraph:auth': true });
});

it('keeps a request id given by the caller and makes one otherwise', async () => {
  const given = await fetch(stack.routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-123' },
    body: JSON.stringify({ query: '{ me { id } }' }),
  });
  expect(given.headers.get('x-request-id')).toBe('trace-me-123');
  const made = await fetch(stack.routerUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { id } }' }) });
  expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

it('answers a body that is not JSON with 400 and a code, never a stack trace', async () => {
  const response = await fetch(stack.routerUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{ nope' });
  expect(response.status).toBe(400);
  const text = await response.text();
  expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
});

it('refuses documents nested deeper than the limit', async () => {
  const deep = `{ me { ${'id '.repeat(1)} } ${'__typename '.repeat(1)} }`;
  expect((await stack.graphql(deep)).status).toBe(200);
  let nested = 'id';
  for (let level = 0; level < 20; level += 1) nested = `__type(name: "User") { name fields { name type { ${nested} } } }`;
  const response = await stack.graphql(`{ ${nested} }`);
  expect(response.status).toBe(400);
  expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', maximum: 15 });
});

it('with one subgraph down, still answers the fields of the others', async () => {
  const user = await signUp(stack);
  await stack.subgraphs.catalog!.service.http.close();
  const response = await stack.graphql(
    'query ($id: ID!) { me { id } product(id: $id) { name } }',
    { id: '00000000-0000-4000-8000-000000000001' },
    user.accessToken,
  );
  expect(response.status).toBe(200);
  expect(response.body.data).toEqual({ me: { id: user.id }, product: null });
  expect(response.body.errors?.map((error) => error.extensions)).toEqual([{ code: 'SERVICE_UNAVAILABLE', serviceName: 'catalog' }]);
});

it('with a subgraph down, answers what it can and names the failed service, and stays ready, degraded (ADR 0023)', async () => {
  await stack.subgraphs.auth!.service.http.close();
  const response = await stack.graphql('{ me { id } }');
  expect(response.status).toBe(200);
  expect(response.body.data).toEqual({ me: null });
  expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'auth' });
  expect(JSON.stringify(response.body)).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED/);
  // Taking the router out of the load balancer would turn auth's outage into everyone's.
  const ready = await fetch(`${routerBase()}/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: 'degraded', checks: { 'subgraph:auth': 'degraded', 'subgraph:booking': true } });
});
