import { MikroORM, type EntitySchema, type MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { databaseUrl, ensureDatabase } from './server.js';

export type Orm = MikroORM<PostgreSqlDriver>;

export interface OpenDatabaseOptions {
  serverUrl: string;
  databaseName: string;
  // EntitySchema's own generics are invariant; any entity schema is welcome here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: EntitySchema<any, any>[];
  migrations: MigrationObject[];
  logger: Logger;
  /** Called with every SQL statement MikroORM sends; tests count round trips with it. */
  onQuery?: (sql: string) => void;
  poolSize?: number;
  /** Run pending migrations (default true). */
  migrate?: boolean;
}

/** MikroORM options without a connection; the migration generator uses them too. */
export function ormOptions(options: Omit<OpenDatabaseOptions, 'serverUrl' | 'databaseName' | 'logger'> & { clientUrl: string }) {
  return {
    driver: PostgreSqlDriver,
    clientUrl: options.clientUrl,
    entities: options.entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: options.migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts' as const,
    },
    // A resolver must use its request's fork; the global context would leak identity maps.
    allowGlobalContext: false,
    pool: { min: 0, max: options.poolSize ?? 10 },
    debug: options.onQuery ? (['query'] as const).slice() : false,
    logger: (message: string) => {
      if (!options.onQuery) return;
      // MikroORM's query log lines carry the SQL after the namespace prefix.
      const sql = message.replace(/^\[query\]\s*/, '');
      options.onQuery(sql);
    },
    colors: false,
  };
}

/**
 * Opens the subgraph's own database on the server, creating it when missing, and runs
 * pending migrations under an advisory lock so replicas starting together migrate once.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Orm> {
  await ensureDatabase(options.serverUrl, options.databaseName);
  const clientUrl = databaseUrl(options.serverUrl, options.databaseName);
  const orm = await MikroORM.init<PostgreSqlDriver>(ormOptions({ ...options, clientUrl }));
  if (options.migrate !== false) {
    await withAdvisoryLock(clientUrl, `migrate:${options.databaseName}`, async () => {
      const applied = await orm.getMigrator().up();
      if (applied.length > 0) {
        options.logger.info('migrations applied', { database: options.databaseName, migrations: applied.map((m) => m.name) });
      }
    });
  }
  return orm;
}

async function withAdvisoryLock<T>(clientUrl: string, name: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: clientUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    return await work();
  } finally {
    await client.end(); // ending the session releases the lock
  }
}
