import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, dropDatabase, type Environment } from '@marquee/platform';
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
  } = {},
): Promise<TestStack> {
  const databaseUrl = process.env.DATABASE_URL;
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
  const logger = createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent');
  const stack = await startStack({
    env,
    logger,
    anyFreePort: true,
    databaseServer: { url: databaseUrl, embedded: false, stop: async () => {} },
    onQuery: options.onQuery,
  });
  return {
    ...stack,
    env,
    async graphql(query, variables, token) {
      const response = await fetch(stack.routerUrl, {
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
