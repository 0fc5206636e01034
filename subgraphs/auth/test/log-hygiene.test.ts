import pg from 'pg';
import type { LogFields, Logger } from '@marquee/platform';
import { errorCodes, startTestStack, type TestStack } from '../../../test/support/stack.js';

/**
 * Logs never hold SQL parameter values, password hashes, tokens or secrets. The services log
 * into a recorder that keeps everything it is handed, errors in full (message, stack, every own
 * field, causes): stricter than any real log format, so what it never sees no logger can print.
 */
const lines: string[] = [];

function expand(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (value instanceof Error) {
    const own: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(value)) own[key] = expand((value as unknown as Record<string, unknown>)[key], depth + 1);
    return { ...own, name: value.name, message: value.message, stack: value.stack, cause: expand(value.cause, depth + 1) };
  }
  if (Array.isArray(value)) return value.map((item) => expand(item, depth + 1));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, expand(inner, depth + 1)]));
  return value;
}

function recorder(base: LogFields = {}): Logger {
  const write = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(JSON.stringify({ level, ...base, msg: message, ...(expand(fields ?? {}) as object) }));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: (fields) => recorder({ ...base, ...fields }) };
}

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ logger: recorder() });
  // Make inserts of one name fail in the database itself, as an unforeseen constraint would.
  const client = new pg.Client({ connectionString: `${String(stack.env.DATABASE_URL).replace(/\/[^/]*$/, '')}/${String(stack.env.DATABASE_NAME_PREFIX)}_auth` });
  await client.connect();
  try {
    await client.query(`ALTER TABLE users ADD CONSTRAINT users_test_refuses_name CHECK (name <> 'Refused By The Database')`);
  } finally {
    await client.end();
  }
});
afterAll(() => stack.stop());

it('a failing insert on register is logged without the email, the password, its hash or the SQL', async () => {
  const email = 'leaky.person@example.com';
  const password = 'secret-password-value-123';
  const response = await stack.graphql('mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }', {
    input: { email, name: 'Refused By The Database', password },
  });
  expect(errorCodes(response)).toEqual(['INTERNAL_SERVER_ERROR']);
  expect(JSON.stringify(response.body)).not.toMatch(/insert|leaky|argon2/i);

  const log = lines.join('\n');
  // The failure itself is logged, findable by what it was and which constraint refused it.
  expect(log).toContain('users_test_refuses_name');
  for (const secret of [email, 'leaky.person', password, '$argon2', 'insert into', 'Refused By The Database', stack.routerSecret]) {
    expect(log).not.toContain(secret);
  }
});

it('a unique violation on register (CONFLICT) logs nothing about the row either', async () => {
  const input = { email: 'twice@example.com', name: 'Twice', password: 'another-secret-value' };
  await stack.graphql('mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }', { input });
  const second = await stack.graphql('mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }', { input });
  expect(errorCodes(second)).toEqual(['CONFLICT']);
  const log = lines.join('\n');
  for (const secret of ['twice@example.com', 'another-secret-value', '$argon2']) expect(log).not.toContain(secret);
});

it('access tokens, refresh tokens and passwords of a session never reach the log', async () => {
  const registered = await stack.graphql<{ register: { accessToken: string; refreshToken: string } }>(
    'mutation ($input: RegisterInput!) { register(input: $input) { accessToken refreshToken } }',
    { input: { email: 'session@example.com', name: 'Session', password: 'session-secret-value' } },
  );
  const { accessToken, refreshToken } = registered.body.data!.register;
  await stack.graphql('{ me { id } }', {}, accessToken);
  await stack.graphql('mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }', { t: refreshToken });
  await stack.graphql('mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { email: 'session@example.com', password: 'wrong-secret-value' } });
  const log = lines.join('\n');
  for (const secret of [accessToken, accessToken.split('.')[2]!, refreshToken, 'session-secret-value', 'wrong-secret-value']) {
    expect(log).not.toContain(secret);
  }
});
