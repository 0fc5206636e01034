import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { recordingLogger, startTestStack, type LogLine, type TestStack } from '../../test/support/stack.js';
import { login, signUp } from '../../test/support/users.js';

/**
 * Issue 9 item 11: Redis stops (our own redis-server on a free port, never the machine's) and
 * comes back. Requests keep being answered, no request waits on Redis, /ready says "degraded"
 * in its body, and Redis is used again by itself once it is back.
 */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

let redisPort: number;
let redisProcess: ChildProcess | undefined;

async function startRedis(): Promise<void> {
  redisProcess = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  // Retries until the server accepts connections (bounded by the test's timeout).
  const probe = new Redis(redisPort, '127.0.0.1', { maxRetriesPerRequest: null, retryStrategy: () => 50 });
  probe.on('error', () => {});
  await probe.ping();
  probe.disconnect();
}

async function stopRedis(): Promise<void> {
  const running = redisProcess;
  redisProcess = undefined;
  if (!running || running.exitCode !== null) return;
  running.kill('SIGTERM');
  await once(running, 'exit');
}

const lines: LogLine[] = [];
let stack: TestStack;
beforeAll(async () => {
  redisPort = await freePort();
  await startRedis();
  stack = await startTestStack({ logger: recordingLogger(lines), env: { REDIS_URL: `redis://127.0.0.1:${redisPort}`, ROUTER_RATE_LIMIT: '1000' } });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await stopRedis();
});

const routerBase = () => stack.routerUrl.replace('/graphql', '');

/** A request that must not hang: a generous bound, far above the Redis command timeout. */
async function query(query: string, token?: string) {
  const response = await fetch(stack.routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(5_000),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] } };
}

async function readiness(): Promise<{ status: number; body: { status: string; checks: Record<string, unknown> } }> {
  const response = await fetch(`${routerBase()}/ready`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, unknown> } };
}

it('keeps answering with Redis down, says so in /ready, and recovers when Redis returns', async () => {
  const user = await signUp(stack);
  expect((await readiness()).body.checks.redis).toBe(true);

  await stopRedis();
  // Queries, mutations (login, which counts failures in Redis) and signed-in reads all answer.
  for (let round = 0; round < 5; round += 1) {
    const movies = await query('{ movies(first: 1) { totalCount } }');
    expect(movies.status).toBe(200);
    expect(movies.body.errors).toBeUndefined();
  }
  const again = await login(stack, user.email, user.password);
  expect((await query('{ me { id } }', again.accessToken)).body.data).toEqual({ me: { id: user.id } });

  const degraded = await readiness();
  expect(degraded.status).toBe(200);
  expect(degraded.body.checks.redis).toBe('degraded');
  expect(degraded.body.status).toBe('degraded');
  const warnings = lines.filter((line) => line.level === 'warn' && /Redis unavailable/.test(line.msg));
  expect(warnings.length).toBeGreaterThan(0);
  // One warning per outage and process-wide store, not one per request.
  expect(warnings.length).toBeLessThan(5);

  await startRedis();
  // Recovers by itself: no restart of the router.
  let ready = await readiness();
  for (let attempt = 0; attempt < 100 && ready.body.checks.redis !== true; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    ready = await readiness();
  }
  expect(ready.body.checks.redis).toBe(true);
  expect(ready.body.status).toBe('ready');
  expect((await query('{ movies(first: 1) { totalCount } }')).status).toBe(200);
  // The rate limit counts in Redis again.
  const redis = new Redis(redisPort, '127.0.0.1');
  try {
    expect((await redis.keys(`${stack.env.REDIS_KEY_PREFIX}router:requests:*`)).length).toBeGreaterThan(0);
  } finally {
    redis.disconnect();
  }
}, 120_000);
