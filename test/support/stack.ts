import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, fetch as fetchOverUndici } from 'undici';
import { createLogger, dropDatabase, type Environment, type Logger } from '@marquee/platform';
import { startStack, type Stack } from '../../scripts/stack.js';
import { subgraphModules } from '../../scripts/subgraphs.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: {
    data?: T | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
}

export interface TestStack extends Stack {
  env: Environment;
  /** POSTs one operation to the router, with `token` as a Bearer token when given. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
}

/**
 * The tests' HTTP client opens a connection per request: a kept-alive one could be reused just as
 * the server closes it for idleness (5 s), and a POST on it fails with ECONNRESET on a busy machine.
 */
const oneConnectionPerRequest = new Agent({ pipelining: 0 });

/**
 * The whole supergraph in this process on free ports, against the real PostgreSQL of the run
 * (DATABASE_URL, or the embedded one the global setup started) and real Redis when REDIS_URL is
 * set. Databases and Redis keys carry a fresh prefix, so test files never see each other's data.
 */
export async function startTestStack(
  options: {
    env?: Environment;
    onQuery?: (subgraph: string, sql: string) => void;
    /**
     * Another instance of that stack (scale-out tests): the same databases, Redis prefix and
     * signing key, on ports of its own. The stack shared with keeps the databases; this one
     * drops nothing when it stops.
     */
    replicaOf?: TestStack;
    /** Add the demo data (users, theaters, showings, restaurants), as `npm start` does. */
    seed?: boolean;
    /** Where every service logs (default: silent, or TEST_LOG_LEVEL=debug). */
    logger?: Logger;
    /** A PostgreSQL server of the test's own (fault tests stop and start it); default: the run's. */
    databaseUrl?: string;
  } = {},
): Promise<TestStack> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is set by the global setup');
  const id = randomBytes(4).toString('hex');
  const replicaOf = options.replicaOf;
  const dataDir = replicaOf ? String(replicaOf.env.DATA_DIR) : await mkdtemp(path.join(tmpdir(), 'marquee-test-'));
  const shared: Environment = replicaOf
    ? { DATABASE_NAME_PREFIX: replicaOf.env.DATABASE_NAME_PREFIX, REDIS_KEY_PREFIX: replicaOf.env.REDIS_KEY_PREFIX }
    : {};
  const env: Environment = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATABASE_NAME_PREFIX: `marquee_test_${id}`,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_KEY_PREFIX: `marquee-test:${id}:`,
    DATA_DIR: dataDir,
    SUPERGRAPH_WATCH: 'false',
    LANDING_PAGE: 'false',
    ...options.env,
    ...shared,
  };
  const logger = options.logger ?? createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent');
  const stack = await startStack({
    env,
    logger,
    anyFreePort: true,
    seed: options.seed,
    databaseServer: { url: databaseUrl, embedded: false, stop: async () => {} },
    onQuery: options.onQuery,
  });
  return {
    ...stack,
    env,
    async graphql(query, variables, token) {
      const response = await fetchOverUndici(stack.routerUrl, {
        dispatcher: oneConnectionPerRequest,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] } as never;
    },
    async stop() {
      await stack.stop();
      if (replicaOf) return;
      for (const module of subgraphModules) {
        await dropDatabase(databaseUrl, `${env.DATABASE_NAME_PREFIX}_${module.name}`);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The error codes of a response, in order: what a client program branches on. */
export const errorCodes = (response: GraphQLResponse): unknown[] =>
  (response.body.errors ?? []).map((error) => error.extensions?.code);

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  [field: string]: unknown;
}

/** A logger that keeps every line (fields as JSON would carry them), for tests that read the logs. */
export function recordingLogger(lines: LogLine[] = [], base: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const write = (level: LogLine['level']) => (msg: string, fields: Record<string, unknown> = {}) => {
    lines.push(JSON.parse(JSON.stringify({ level, ...base, msg, ...fields }, (_key, value: unknown) =>
      value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value)) as LogLine);
  };
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => recordingLogger(lines, { ...base, ...fields }),
  };
}
