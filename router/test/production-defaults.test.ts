import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { startTestStack, type TestStack } from '../../test/support/stack.js';

/**
 * Issue 9 item 15: with NODE_ENV=production, introspection, the browser IDE and "Did you mean"
 * suggestions are off on the router and on every subgraph, unless variables turn them on.
 */
async function signingKey(): Promise<string> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const { d: _private, ...publicPart } = jwk;
  return JSON.stringify({ ...jwk, kid: await calculateJwkThumbprint(publicPart) });
}

const INTROSPECTION = '{ __schema { queryType { name } } }';
const TYPO = '{ movie(id: "00000000-0000-4000-8000-000000000001") { titel } }';

async function productionStack(extra: Record<string, string>): Promise<TestStack> {
  // LANDING_PAGE '' = unset: the production default applies.
  return startTestStack({ env: { NODE_ENV: 'production', AUTH_SIGNING_KEY: await signingKey(), LANDING_PAGE: '', ...extra } });
}

async function subgraphAnswer(stack: TestStack, name: string, query: string) {
  const response = await fetch(stack.subgraphs[name]!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-router-secret': stack.routerSecret },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: { message: string }[] };
}

async function ide(stack: TestStack): Promise<string> {
  const response = await fetch(stack.routerUrl, { headers: { accept: 'text/html' } });
  return response.ok ? await response.text() : '';
}

describe('production defaults', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await productionStack({});
  });
  afterAll(() => stack.stop());

  it('refuses introspection at the router and at each subgraph', async () => {
    const routerAnswer = await stack.graphql(INTROSPECTION);
    expect(routerAnswer.status).toBe(400);
    expect(routerAnswer.body.data).toBeUndefined();
    for (const name of ['auth', 'booking', 'food']) {
      const answer = await subgraphAnswer(stack, name, INTROSPECTION);
      expect(answer.data).toBeUndefined();
      expect(answer.errors?.[0]?.message).toMatch(/introspection/i);
    }
  });

  it('serves no browser IDE', async () => {
    expect(await ide(stack)).not.toMatch(/<html/i);
  });

  it('gives no field suggestions, at the router or a subgraph', async () => {
    const routerAnswer = await stack.graphql(TYPO);
    expect(routerAnswer.status).toBe(400);
    expect(routerAnswer.body.errors?.[0]?.message).toMatch(/Cannot query field "titel"/);
    expect(JSON.stringify(routerAnswer.body)).not.toMatch(/Did you mean/);
    const subgraph = await subgraphAnswer(stack, 'booking', TYPO);
    expect(subgraph.errors?.[0]?.message).toMatch(/Cannot query field "titel"/);
    expect(JSON.stringify(subgraph)).not.toMatch(/Did you mean/);
  });

  it('still answers ordinary queries', async () => {
    const answer = await stack.graphql('{ movies(first: 1) { totalCount } }');
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });
});

describe('production with the variables turned on', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await productionStack({ INTROSPECTION: 'true', FIELD_SUGGESTIONS: 'true', LANDING_PAGE: 'true' });
  });
  afterAll(() => stack.stop());

  it('answers introspection, suggests fields and serves the IDE', async () => {
    expect((await stack.graphql(INTROSPECTION)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect((await subgraphAnswer(stack, 'booking', INTROSPECTION)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect(JSON.stringify((await stack.graphql(TYPO)).body)).toMatch(/Did you mean/);
    expect(await ide(stack)).toMatch(/<html/i);
  });
});
