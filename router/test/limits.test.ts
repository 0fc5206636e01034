import WebSocket from 'ws';
import { errorCodes, startTestStack, type TestStack } from '../../test/support/stack.js';
import { signUp } from '../../test/support/users.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ env: { ROUTER_RATE_LIMIT: '8', CORS_ORIGINS: 'https://app.example' } });
});
afterAll(() => stack.stop());

describe('request rate limit', () => {
  it('answers 429 RATE_LIMITED with a retry time once a client passes its limit, per user', async () => {
    const user = await signUp(stack); // one anonymous request (register) from this address
    for (let request = 0; request < 8; request += 1) {
      expect((await stack.graphql('{ me { id } }', {}, user.accessToken)).status).toBe(200);
    }
    const limited = await fetch(stack.routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.accessToken}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await limited.json()) as { errors: { extensions: { code: string; retryAfterSeconds: number } }[] };
    expect(body.errors[0]?.extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0]?.extensions.retryAfterSeconds).toBeGreaterThan(0);

    // Another user is counted apart.
    const other = await signUp(stack);
    expect(errorCodes(await stack.graphql('{ me { id } }', {}, other.accessToken))).toEqual([]);
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the headers a browser needs', async () => {
    const response = await fetch(stack.routerUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('gives no CORS headers to another origin', async () => {
    const preflight = await fetch(stack.routerUrl, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS for real browser clients', () => {
  it('allows the headers Apollo Client and tracing send in a preflight', async () => {
    const requested = ['apollographql-client-name', 'apollographql-client-version', 'traceparent', 'tracestate', 'authorization', 'content-type'];
    const response = await fetch(stack.routerUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': requested.join(', ') },
    });
    expect(response.status).toBe(204);
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').split(',').map((name) => name.trim());
    expect(allowed).toEqual(expect.arrayContaining(requested));
  });

  it('marks answers nosniff', async () => {
    const response = await stack.graphql('{ __typename }');
    expect(response.status).toBe(200);
    const raw = await fetch(stack.routerUrl.replace('/graphql', '/health'));
    expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
    const graphql = await fetch(stack.routerUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(graphql.headers.get('x-content-type-options')).toBe('nosniff');
  });

  const upgrade = (headers: Record<string, string>) =>
    new Promise<{ opened: boolean; status?: number }>((resolve) => {
      const socket = new WebSocket(stack.routerUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
      socket.once('open', () => {
        socket.close();
        resolve({ opened: true });
      });
      socket.once('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
      socket.once('error', () => resolve({ opened: false }));
    });

  it('refuses a WebSocket upgrade from an origin the CORS list does not allow', async () => {
    const refused = await upgrade({ origin: 'https://evil.example' });
    expect(refused.opened).toBe(false);
    expect(await upgrade({ origin: 'https://app.example' })).toEqual({ opened: true });
    // Not a browser: no Origin, no cross-site risk.
    expect(await upgrade({})).toEqual({ opened: true });
  });
});
