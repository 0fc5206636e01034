import { errorCodes, startTestStack, type TestStack } from '../../../test/support/stack.js';
import { login, signUp, superAdminEnv } from '../../../test/support/users.js';

const REGISTER = `mutation ($input: RegisterInput!) {
  register(input: $input) { accessToken refreshToken expiresIn user { id email name role } }
}`;
const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id } } }';
const REFRESH = 'mutation ($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken user { id } } }';
const LOGOUT = 'mutation ($token: String!) { logout(refreshToken: $token) }';
const ME = '{ me { id email name role createdAt } }';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
});
afterAll(() => stack.stop());

describe('register', () => {
  it('creates a USER with a trimmed, lower-cased email and signs them in', async () => {
    const response = await stack.graphql(REGISTER, {
      input: { email: '  Jane.Doe@Example.COM ', name: ' Jane ', password: 'long enough' },
    });
    expect(response.body.errors).toBeUndefined();
    const payload = response.body.data?.register as { accessToken: string; expiresIn: number; user: Record<string, unknown> };
    expect(payload.user).toMatchObject({ email: 'jane.doe@example.com', name: 'Jane', role: 'USER' });
    expect(payload.expiresIn).toBe(15 * 60);

    const me = await stack.graphql<{ me: Record<string, unknown> }>(ME, {}, payload.accessToken);
    expect(me.body.data?.me).toMatchObject({ id: payload.user.id, email: 'jane.doe@example.com', role: 'USER' });
    expect(Date.parse(String(me.body.data?.me.createdAt))).not.toBeNaN();
  });

  it.each([
    ['email', { email: 'not-an-email', name: 'A', password: 'long enough' }],
    ['password', { email: 'short@example.com', name: 'A', password: 'short' }],
    ['name', { email: 'noname@example.com', name: '   ', password: 'long enough' }],
  ])('refuses a bad %s with BAD_USER_INPUT naming the field', async (field, input) => {
    const response = await stack.graphql(REGISTER, { input });
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('answers CONFLICT for an email already taken, in any case', async () => {
    const input = { email: 'taken@example.com', name: 'First', password: 'long enough' };
    expect((await stack.graphql(REGISTER, { input })).body.errors).toBeUndefined();
    const again = await stack.graphql(REGISTER, { input: { ...input, email: 'TAKEN@example.com' } });
    expect(errorCodes(again)).toEqual(['CONFLICT']);
  });

  it('lets exactly one of two simultaneous registrations for one email win', async () => {
    const input = { email: 'race@example.com', name: 'Racer', password: 'long enough' };
    const results = await Promise.all([stack.graphql(REGISTER, { input }), stack.graphql(REGISTER, { input })]);
    expect(results.map(errorCodes).sort()).toEqual([[], ['CONFLICT']]);
  });
});

describe('login', () => {
  it('gives the same UNAUTHENTICATED answer for a wrong email and a wrong password', async () => {
    const user = await signUp(stack);
    const wrongPassword = await stack.graphql(LOGIN, { input: { email: user.email, password: 'not the password' } });
    const wrongEmail = await stack.graphql(LOGIN, { input: { email: 'nobody@test.local', password: user.password } });
    expect(errorCodes(wrongPassword)).toEqual(['UNAUTHENTICATED']);
    expect(wrongEmail.body.errors?.[0]?.message).toBe(wrongPassword.body.errors?.[0]?.message);
    expect(errorCodes(wrongEmail)).toEqual(['UNAUTHENTICATED']);
  });

  it('signs in with the right password, whatever the case of the email', async () => {
    const user = await signUp(stack);
    const response = await stack.graphql(LOGIN, { input: { email: user.email.toUpperCase(), password: user.password } });
    expect(response.body.errors).toBeUndefined();
  });

  it('refuses an operation with more than one login field', async () => {
    const user = await signUp(stack);
    const response = await stack.graphql(
      `mutation ($input: LoginInput!) { a: login(input: $input) { accessToken } b: login(input: $input) { accessToken } }`,
      { input: { email: user.email, password: user.password } },
    );
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('locks an account after 5 failures in the window, even for the right password', async () => {
    const user = await signUp(stack);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const failed = await stack.graphql(LOGIN, { input: { email: user.email, password: 'wrong password' } });
      expect(errorCodes(failed)).toEqual(['UNAUTHENTICATED']);
    }
    const locked = await stack.graphql(LOGIN, { input: { email: user.email, password: user.password } });
    expect(errorCodes(locked)).toEqual(['RATE_LIMITED']);
    const retryAfter = locked.body.errors?.[0]?.extensions?.retryAfterSeconds;
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another account is not affected.
    const other = await signUp(stack);
    expect((await stack.graphql(LOGIN, { input: { email: other.email, password: other.password } })).body.errors).toBeUndefined();
  });

  it('forgets earlier failures after a successful login', async () => {
    const user = await signUp(stack);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await stack.graphql(LOGIN, { input: { email: user.email, password: 'wrong password' } });
    }
    await login(stack, user.email, user.password);
    await stack.graphql(LOGIN, { input: { email: user.email, password: 'wrong password' } });
    expect((await stack.graphql(LOGIN, { input: { email: user.email, password: user.password } })).body.errors).toBeUndefined();
  });
});

describe('me', () => {
  it('is null for an anonymous caller', async () => {
    const response = await stack.graphql(ME);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { me: null } });
  });
});

describe('refresh tokens', () => {
  it('rotate: the new pair works and the old refresh token stops working', async () => {
    const user = await signUp(stack);
    const rotated = await stack.graphql<{ refreshToken: { accessToken: string; refreshToken: string; user: { id: string } } }>(
      REFRESH,
      { token: user.refreshToken },
    );
    const next = rotated.body.data?.refreshToken;
    expect(next?.user.id).toBe(user.id);
    expect(next?.refreshToken).not.toBe(user.refreshToken);
    const me = await stack.graphql<{ me: { id: string } }>(ME, {}, next?.accessToken);
    expect(me.body.data?.me.id).toBe(user.id);

    const second = await stack.graphql(REFRESH, { token: next?.refreshToken });
    expect(second.body.errors).toBeUndefined();
  });

  it('treat a reused token as theft: the whole family is revoked, the newest token too', async () => {
    const user = await signUp(stack);
    const first = await stack.graphql<{ refreshToken: { refreshToken: string } }>(REFRESH, { token: user.refreshToken });
    const newest = first.body.data?.refreshToken.refreshToken;

    const reuse = await stack.graphql(REFRESH, { token: user.refreshToken });
    expect(errorCodes(reuse)).toEqual(['UNAUTHENTICATED']);
    const afterReuse = await stack.graphql(REFRESH, { token: newest });
    expect(errorCodes(afterReuse)).toEqual(['UNAUTHENTICATED']);

    // Other sessions of the same user (other families) keep working.
    const otherDevice = await login(stack, user.email, user.password);
    expect((await stack.graphql(REFRESH, { token: otherDevice.refreshToken })).body.errors).toBeUndefined();
  });

  it('answer UNAUTHENTICATED for an unknown token', async () => {
    expect(errorCodes(await stack.graphql(REFRESH, { token: 'made-up' }))).toEqual(['UNAUTHENTICATED']);
  });

  it('let only one of two simultaneous rotations of one token through', async () => {
    const user = await signUp(stack);
    const results = await Promise.all([
      stack.graphql(REFRESH, { token: user.refreshToken }),
      stack.graphql(REFRESH, { token: user.refreshToken }),
    ]);
    // The loser counts as reuse, which also revokes the winner's new token.
    expect(results.map(errorCodes).sort()).toEqual([[], ['UNAUTHENTICATED']]);
  });
});

describe('logout', () => {
  it('revokes the refresh token family', async () => {
    const user = await signUp(stack);
    const rotated = await stack.graphql<{ refreshToken: { refreshToken: string } }>(REFRESH, { token: user.refreshToken });
    const current = rotated.body.data?.refreshToken.refreshToken;
    const out = await stack.graphql(LOGOUT, { token: current });
    expect(out.body).toEqual({ data: { logout: true } });
    expect(errorCodes(await stack.graphql(REFRESH, { token: current }))).toEqual(['UNAUTHENTICATED']);
  });
});
