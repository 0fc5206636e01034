import { Redis } from 'ioredis';
import { errorCodes, startTestStack, type GraphQLResponse, type TestStack } from '../../../test/support/stack.js';
import { signUp, type SignedIn } from '../../../test/support/users.js';

/**
 * Login throttling through the router: per (account, client address) with a higher ceiling per
 * account, reserved before the password is checked so concurrency cannot buy extra guesses. The
 * router runs behind one trusted proxy here, so each request can say which client it comes from.
 */
const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }';
const PER_ADDRESS = 5;
const PER_ACCOUNT = 12;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    env: { TRUSTED_PROXY_HOPS: '1', LOGIN_MAX_FAILURES: String(PER_ADDRESS), LOGIN_ACCOUNT_MAX_FAILURES: String(PER_ACCOUNT), ROUTER_RATE_LIMIT: '0' },
  });
});
afterAll(() => stack.stop());

async function loginFrom(address: string, email: string, password: string): Promise<GraphQLResponse> {
  const response = await fetch(stack.routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.250, ${address}` },
    body: JSON.stringify({ query: LOGIN, variables: { input: { email, password } } }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
}

const codesOf = (responses: GraphQLResponse[]) => responses.map((response) => errorCodes(response)[0] ?? 'OK');
/**
 * The guesses whose password was really checked: signed in, or told the password is wrong. (On a
 * busy machine a few answers can be SERVICE_UNAVAILABLE instead: no password was checked for them.)
 */
const evaluated = (responses: GraphQLResponse[]) => codesOf(responses).filter((code) => code === 'OK' || code === 'UNAUTHENTICATED').length;

describe('at most LOGIN_MAX_FAILURES guesses are evaluated, whatever the concurrency', () => {
  it('30 concurrent guesses from one address: 5 checked, the rest refused unchecked, the right one among the late ones refused', async () => {
    for (let trial = 0; trial < 3; trial += 1) {
      const victim = await signUp(stack);
      const guesses = Array.from({ length: 30 }, (_, index) => (index === 29 ? victim.password : `wrong guess ${index}`));
      const responses = await Promise.all(guesses.map((password) => loginFrom('198.51.100.1', victim.email, password)));
      expect(evaluated(responses)).toBeLessThanOrEqual(PER_ADDRESS);
      expect(codesOf(responses)).toContain('RATE_LIMITED');
      // Whatever happened, that address is now locked out of the account, right password or not.
      if (!codesOf(responses).includes('OK')) {
        expect(codesOf([await loginFrom('198.51.100.1', victim.email, victim.password)])).toEqual(['RATE_LIMITED']);
      }
    }
  });

  it('30 concurrent guesses from 30 addresses: at most the account ceiling is checked', async () => {
    const victim = await signUp(stack);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) => loginFrom(`198.51.100.${100 + index}`, victim.email, `wrong guess ${index}`)),
    );
    expect(evaluated(responses)).toBeLessThanOrEqual(PER_ACCOUNT);
    expect(codesOf(responses)).toContain('RATE_LIMITED');
  });
});

describe('one client cannot lock another out', () => {
  let victim: SignedIn;
  beforeAll(async () => {
    victim = await signUp(stack);
  });

  it('five wrong guesses lock the guessing address, not the owner at another address', async () => {
    for (let attempt = 0; attempt < PER_ADDRESS; attempt += 1) {
      expect(codesOf([await loginFrom('192.0.2.66', victim.email, 'wrong password')])).toEqual(['UNAUTHENTICATED']);
    }
    const attacker = await loginFrom('192.0.2.66', victim.email, victim.password);
    expect(errorCodes(attacker)).toEqual(['RATE_LIMITED']);
    expect(attacker.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(codesOf([await loginFrom('192.0.2.10', victim.email, victim.password)])).toEqual(['OK']);
  });

  it('the owner signing in does not count towards the account ceiling', async () => {
    const owner = await signUp(stack);
    for (let attempt = 0; attempt < PER_ACCOUNT + 3; attempt += 1) {
      expect(codesOf([await loginFrom('192.0.2.20', owner.email, owner.password)])).toEqual(['OK']);
    }
  });

  it('failures from many addresses up to the account ceiling lock the account for every address', async () => {
    const target = await signUp(stack);
    let failures = 0;
    for (let address = 0; failures < PER_ACCOUNT; address += 1) {
      for (let attempt = 0; attempt < 3 && failures < PER_ACCOUNT; attempt += 1) {
        expect(codesOf([await loginFrom(`192.0.2.${100 + address}`, target.email, 'wrong password')])).toEqual(['UNAUTHENTICATED']);
        failures += 1;
      }
    }
    expect(codesOf([await loginFrom('192.0.2.99', target.email, target.password)])).toEqual(['RATE_LIMITED']);
  });
});

describe('input is bounded before anything is stored', () => {
  it('refuses a 900 KB email and an overlong password with BAD_USER_INPUT', async () => {
    const huge = `${'a'.repeat(900 * 1024)}@example.com`;
    const response = await loginFrom('192.0.2.30', huge, 'whatever password');
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors?.[0]?.extensions?.field).toBe('email');
    const longPassword = await loginFrom('192.0.2.30', 'someone@example.com', 'p'.repeat(10_000));
    expect(errorCodes(longPassword)).toEqual(['BAD_USER_INPUT']);
    expect(longPassword.body.errors?.[0]?.extensions?.field).toBe('password');
  });

  const withRedis = process.env.REDIS_URL ? it : it.skip;
  withRedis('never puts the email into a Redis key, and the keys stay small', async () => {
    const email = `key-probe-${Date.now()}@example.com`;
    for (let attempt = 0; attempt < 3; attempt += 1) await loginFrom('192.0.2.31', email, 'wrong password');
    const redis = new Redis(process.env.REDIS_URL as string);
    try {
      const keys = await redis.keys(`${String(stack.env.REDIS_KEY_PREFIX)}login:*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((key) => key.includes('key-probe') || key.length > 120)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
