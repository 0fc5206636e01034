import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { GraphQLResponse, TestStack } from './stack.js';

/**
 * Real processes for fault tests: a redis-server of the test's own (never the machine's, which
 * other suites use) and a subgraph run alone in a child process, as in production.
 */

/** The redis-server binary on PATH, or null. */
export function findRedisServer(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves with the first output line that `matches`; rejects if the process exits first. */
function waitForLine(child: ChildProcess, matches: (line: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find(matches);
      if (line !== undefined) finish(null, line);
    };
    const onExit = (code: number | null) => finish(new Error(`exited (${code}) before ${what}:\n${output}`));
    const finish = (error: Error | null, line?: string) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining: a child blocked on a full pipe would hang.
      child.stdout?.resume();
      child.stderr?.resume();
      if (error) reject(error);
      else resolve(line as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

export interface RedisServer {
  url: string;
  /** Kills the server (as a crash would); its data is gone, as with `--save ""`. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

export async function startRedisServer(binary: string): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitForLine(child, (line) => line.includes('Ready to accept connections'), `redis-server on ${port}`);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    async stop() {
      if (child) await stopProcess(child, 'SIGKILL');
      child = null;
    },
  };
}

export interface SubgraphProcess {
  url: string;
  pid: number;
  /** POSTs one operation straight to the subgraph, as the router would (secret and token). */
  graphql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * The food subgraph run alone (`src/main.ts`, as in Docker) in a child process, on the stack's
 * databases and Redis, trusting the stack's auth and router secret.
 */
export async function startFoodProcess(stack: TestStack, env: Record<string, string> = {}): Promise<SubgraphProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=marquee-source', 'subgraphs/food/src/main.ts'], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: String(process.env.DATABASE_URL),
      DATABASE_NAME_PREFIX: String(stack.env.DATABASE_NAME_PREFIX),
      REDIS_URL: String(stack.env.REDIS_URL ?? ''),
      REDIS_KEY_PREFIX: String(stack.env.REDIS_KEY_PREFIX),
      DATA_DIR: String(stack.env.DATA_DIR),
      ROUTER_SECRET: stack.routerSecret,
      AUTH_JWKS_URL: stack.subgraphs.auth!.url.replace(/\/graphql$/, '/.well-known/jwks.json'),
      BOOKING_URL: stack.subgraphs.booking!.url,
      FOOD_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = await waitForLine(child, (text) => text.includes('"msg":"listening"'), 'food listening');
  const { port } = JSON.parse(line) as { port: number };
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    url,
    pid: child.pid as number,
    async graphql(query, variables, token) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-router-secret': stack.routerSecret,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] } as never;
    },
    kill: (signal) => stopProcess(child, signal),
  };
}
