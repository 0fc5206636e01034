import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { errorCodes, startTestStack, type TestStack } from '../../test/support/stack.js';
import { signUp } from '../../test/support/users.js';

/**
 * Tokens signed in the test with the very key auth signs with (handed to auth through
 * AUTH_SIGNING_KEY), so each bad-token case differs from a good token in one way only.
 */
let stack: TestStack;
let authKey: CryptoKey;
let kid: string;
let userId: string;

const ME = '{ me { id role } }';

interface TokenOptions {
  key?: CryptoKey;
  alg?: string;
  kid?: string;
  issuer?: string;
  audience?: string;
  expiresIn?: number;
  role?: string;
  /** The header's typ; null leaves it out. */
  typ?: string | null;
}

async function token(options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: options.role ?? 'USER' })
    .setProtectedHeader({ alg: options.alg ?? 'EdDSA', kid: options.kid ?? kid, ...(options.typ === null ? {} : { typ: options.typ ?? 'at+jwt' }) })
    .setSubject(userId)
    .setIssuer(options.issuer ?? 'marquee-auth')
    .setAudience(options.audience ?? 'marquee')
    .setJti('test-token')
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (options.expiresIn ?? 600))
    .sign(options.key ?? authKey);
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  authKey = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.privateKey)), kid: 'test-key' };
  kid = 'test-key';
  stack = await startTestStack({ env: { AUTH_SIGNING_KEY: JSON.stringify(jwk) } });
  userId = (await signUp(stack)).id;
});
afterAll(() => stack.stop());

it('accepts a token signed in the test with the auth key, in router and subgraph alike', async () => {
  const response = await stack.graphql(ME, {}, await token());
  expect(response.status).toBe(200);
  expect(response.body.data).toEqual({ me: { id: userId, role: 'USER' } });
});

it('issues access tokens typed at+jwt (RFC 9068)', async () => {
  const { accessToken } = await signUp(stack);
  const header = JSON.parse(Buffer.from(accessToken.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  expect(header).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt', kid: 'test-key' });
  expect((await stack.graphql(ME, {}, accessToken)).status).toBe(200);
});

it('publishes the public key, and only the public key, at /.well-known/jwks.json', async () => {
  const jwksUrl = stack.subgraphs.auth!.url.replace('/graphql', '/.well-known/jwks.json');
  const jwks = (await (await fetch(jwksUrl)).json()) as { keys: JWK[] };
  expect(jwks.keys).toHaveLength(1);
  expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: 'test-key', alg: 'EdDSA' });
  expect(jwks.keys[0]).not.toHaveProperty('d');
});

describe('a request with a bad token gets HTTP 401 and UNAUTHENTICATED', () => {
  const cases: [string, () => Promise<string>][] = [
    ['expired', () => token({ expiresIn: -10 })],
    ['wrong audience', () => token({ audience: 'someone-else' })],
    ['wrong issuer', () => token({ issuer: 'https://evil.example' })],
    [
      'signed by another key under the same kid',
      async () => token({ key: (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey }),
    ],
    ['alg none', async () => `${encode({ alg: 'none', kid })}.${encode({ sub: 'x', role: 'ADMIN', aud: 'marquee', iss: 'marquee-auth' })}.`],
    [
      'HS256 (not in the allow-list)',
      async () => {
        const secret = new TextEncoder().encode('a shared secret that is long enough for HS256');
        return new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256', kid }).setSubject(userId).setIssuer('marquee-auth').setAudience('marquee').setJti('x').setIssuedAt().setExpirationTime('5m').sign(secret);
      },
    ],
    ['an unknown role', () => token({ role: 'GOD' })],
    // RFC 9068 / RFC 8725: another kind of JWT signed by the same key is not an access token.
    ['typ JWT instead of at+jwt', () => token({ typ: 'JWT' })],
    ['no typ at all', () => token({ typ: null })],
    ['typ of an ID token', () => token({ typ: 'id_token+jwt' })],
    ['garbage', async () => 'not.a.jwt'],
  ];

  it.each(cases)('%s', async (_name, make) => {
    const response = await stack.graphql(ME, {}, await make());
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.body.data).toBeUndefined();
  });

  it('a header that is not "Bearer <token>"', async () => {
    const response = await fetch(stack.routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' },
      body: JSON.stringify({ query: ME }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('subgraphs are private and verify tokens themselves', () => {
  const post = (url: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: ME }) });

  it('answers 401 to a direct call without the router secret, even with a good token', async () => {
    const response = await post(stack.subgraphs.auth!.url, { authorization: `Bearer ${await token()}` });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 to a wrong secret, of another length or of the same', async () => {
    const response = await post(stack.subgraphs.auth!.url, { 'x-router-secret': 'guess' });
    expect(response.status).toBe(401);
    const last = stack.routerSecret.at(-1) === 'a' ? 'b' : 'a';
    const sameLength = await post(stack.subgraphs.auth!.url, { 'x-router-secret': `${stack.routerSecret.slice(0, -1)}${last}` });
    expect(sameLength.status).toBe(401);
  });

  it('with the secret, still refuses a forged token (zero trust)', async () => {
    const forged = await token({ audience: 'someone-else', role: 'SUPER_ADMIN' });
    const response = await post(stack.subgraphs.auth!.url, { 'x-router-secret': stack.routerSecret, authorization: `Bearer ${forged}` });
    expect(response.status).toBe(401);
  });

  it('with the secret, refuses a well-signed token that is not typed at+jwt', async () => {
    for (const subgraph of Object.values(stack.subgraphs)) {
      const response = await post(subgraph.url, { 'x-router-secret': stack.routerSecret, authorization: `Bearer ${await token({ typ: 'JWT' })}` });
      expect(response.status).toBe(401);
    }
  });

  it('keeps /health, /ready and the JWKS open', async () => {
    const base = stack.subgraphs.auth!.url.replace('/graphql', '');
    for (const path of ['/health', '/ready', '/.well-known/jwks.json']) {
      expect((await fetch(base + path)).status).toBe(200);
    }
  });
});
