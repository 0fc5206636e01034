import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, dropDatabase, startEmbeddedPostgres, type DatabaseServer, type Environment } from '@marquee/platform';
import { startStack, type Stack } from '../scripts/stack.js';
import { subgraphModules } from '../scripts/subgraphs.js';

/** Not `npm start`'s 54329 nor the tests' 54339, so a bench runs beside either. */
export const BENCH_EMBEDDED_POSTGRES_PORT = 54359;

/** Counts every SQL statement the subgraphs send, per subgraph, between resets. */
export class StatementCounter {
  private counts = new Map<string, number>();

  readonly record = (subgraph: string): void => {
    this.counts.set(subgraph, (this.counts.get(subgraph) ?? 0) + 1);
  };

  reset(): void {
    this.counts.clear();
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  total(): number {
    return [...this.counts.values()].reduce((sum, count) => sum + count, 0);
  }
}

export interface BenchEnvironment {
  stack: Stack;
  statements: StatementCounter;
  postgresMode: string;
  redisMode: string;
  stop(): Promise<void>;
}

/**
 * The whole supergraph in this process on free ports, seeded, in databases of its own
 * (`marquee_bench_<random>_*`) that `stop` drops: DATABASE_URL and REDIS_URL when set,
 * otherwise embedded PostgreSQL in a temporary directory and the in-process seams.
 */
export async function startBenchEnvironment(outer: NodeJS.ProcessEnv = process.env): Promise<BenchEnvironment> {
  const id = randomBytes(4).toString('hex');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marquee-bench-'));
  const logger = createLogger(outer.BENCH_LOG_LEVEL === 'debug' ? 'debug' : 'error');
  const databaseServer: DatabaseServer = outer.DATABASE_URL
    ? { url: outer.DATABASE_URL, embedded: false, stop: async () => {} }
    : await startEmbeddedPostgres(path.join(dataDir, 'postgres'), Number(outer.BENCH_EMBEDDED_POSTGRES_PORT ?? BENCH_EMBEDDED_POSTGRES_PORT), logger);
  const env: Environment = {
    NODE_ENV: 'development',
    DATABASE_URL: databaseServer.url,
    DATABASE_NAME_PREFIX: `marquee_bench_${id}`,
    REDIS_URL: outer.REDIS_URL,
    REDIS_KEY_PREFIX: `marquee-bench:${id}:`,
    DATA_DIR: dataDir,
    SUPERGRAPH_WATCH: 'false',
    LANDING_PAGE: 'false',
    // The limits stay on, so their cost (a counter per request) is measured, but are set above
    // what the bench sends: ~2,000 requests from one address and more orders than a customer may place.
    ROUTER_RATE_LIMIT: '1000000',
    FOOD_ORDER_RATE_LIMIT: '10000',
  };
  const statements = new StatementCounter();
  const dropAll = async () => {
    for (const module of subgraphModules) {
      await dropDatabase(databaseServer.url, `${env.DATABASE_NAME_PREFIX}_${module.name}`).catch(() => {});
    }
    await databaseServer.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  const stack = await startStack({ env, logger, anyFreePort: true, seed: true, databaseServer, onQuery: statements.record }).catch(
    async (error: unknown) => {
      await dropAll();
      throw error;
    },
  );
  return {
    stack,
    statements,
    postgresMode: databaseServer.embedded ? `embedded PostgreSQL (port ${BENCH_EMBEDDED_POSTGRES_PORT}, temporary directory)` : 'DATABASE_URL (external server)',
    redisMode: outer.REDIS_URL ? 'REDIS_URL (external Redis)' : 'in-process event bus and key-value store (no REDIS_URL)',
    async stop() {
      await stack.stop();
      await dropAll();
    },
  };
}
