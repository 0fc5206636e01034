import type { MigrationObject, EntitySchema } from '@mikro-orm/core';
import type { PlatformConfig } from './config.js';
import type { Orm } from './database/orm.js';
import type { KeyValueStore } from './kv.js';
import type { Logger } from './logger.js';
import type { SubgraphService } from './subgraph.js';

/** A subgraph's database as the migration tools see it: its name, entities and migrations. */
export interface SubgraphDatabase {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EntitySchema generics are invariant
  entities: EntitySchema<any, any>[];
  migrations: MigrationObject[];
  /** Folder of the migration files, for the generator. */
  migrationsDir: URL;
}

/** What the launcher, tests and each `main.ts` hand to a subgraph factory. */
export interface ServiceDependencies {
  platform: PlatformConfig;
  /** The PostgreSQL server; the subgraph opens its own database on it. */
  databaseServerUrl: string;
  kv: KeyValueStore;
  logger: Logger;
  routerSecret: string;
  /** Where to verify access tokens (defaults to platform.authJwksUrl). */
  jwksUrl?: string;
  /** Every SQL statement, for tests that count round trips. */
  onQuery?: (sql: string) => void;
}

/** A started subgraph: its HTTP service (not yet listening) and its database. */
export interface RunningSubgraph {
  name: string;
  http: SubgraphService;
  orm: Orm;
  /** Stops HTTP (draining requests), then closes the database pool. */
  stop(): Promise<void>;
}

export function subgraphDatabaseName(platform: Pick<PlatformConfig, 'databaseNamePrefix'>, subgraph: string): string {
  return `${platform.databaseNamePrefix}_${subgraph}`;
}
