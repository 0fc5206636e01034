import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * A production start with a bad configuration must be refused with one plain message naming every
 * wrong variable (not an uncaught error with a stack, not one variable per attempt).
 */
async function start(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=marquee-source', entry], {
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', LOG_LEVEL: 'info', ROUTER_SECRET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr, stdout };
}

const noStack = /\n\s+at .+:\d+/;

it('the router names every wrong variable in one message and exits non-zero', async () => {
  const { code, stderr, stdout } = await start('router/src/main.ts', {
    ROUTER_SECRET: 'too-short',
    MAX_QUERY_DEPTH: 'deep',
    ROUTER_RATE_LIMIT: '-3',
    LOG_LEVEL: 'loud',
  });
  expect(code).not.toBe(0);
  expect(stdout).not.toContain('listening');
  for (const variable of ['ROUTER_SECRET', 'MAX_QUERY_DEPTH', 'ROUTER_RATE_LIMIT', 'LOG_LEVEL']) expect(stderr).toContain(variable);
  expect(stderr).toMatch(/^router cannot start/);
  expect(stderr).not.toMatch(noStack);
  expect(stderr).not.toContain('ConfigError');
});

it('a subgraph names its own and the shared wrong variables together', async () => {
  const { code, stderr } = await start('subgraphs/food/src/main.ts', {
    FOOD_ORDER_RATE_LIMIT: 'many',
    FOOD_PORT: '99999',
    REDIS_URL: 'not a url',
  });
  expect(code).not.toBe(0);
  for (const variable of ['FOOD_ORDER_RATE_LIMIT', 'FOOD_PORT', 'REDIS_URL', 'ROUTER_SECRET']) expect(stderr).toContain(variable);
  expect(stderr).toMatch(/^food cannot start/);
  expect(stderr).not.toMatch(noStack);
});

it('auth refuses production without a signing key, in the same single message', async () => {
  const { code, stderr } = await start('subgraphs/auth/src/main.ts', { AUTH_SIGNING_KEY: '', ACCESS_TOKEN_TTL_SECONDS: '0' });
  expect(code).not.toBe(0);
  for (const variable of ['AUTH_SIGNING_KEY', 'ACCESS_TOKEN_TTL_SECONDS', 'ROUTER_SECRET']) expect(stderr).toContain(variable);
  expect(stderr).not.toMatch(noStack);
});
