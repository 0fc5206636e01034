import type { MigrationObject, EntitySchema } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Environment, PlatformConfig } from './config.js';
import { createTokenVerifier, remoteKeySet, type TokenVerifier } from './auth/verify.js';
import type { TokenRevocations } from './auth/revocations.js';
import { openDatabase, type Orm } from './database/orm.js';
import type { EventBus } from './events.js';
import type { KeyValueStore } from './kv.js';
import type { Logger } from './logger.js';
import { instrumentDatabase } from './telemetry/database.js';
import type { Outbox } from './outbox/index.js';
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
  /** The PostgreSQL server; the subgraph opens its own database on it. */
  databaseServerUrl: string;
  kv: KeyValueStore;
  /** Pub/sub for events between services (Redis when set); its owner (launcher, runSubgraphAlone) closes it. */
  events: EventBus;
  logger: Logger;
  routerSecret: string;
  /** Where to verify access tokens (defaults to AUTH_JWKS_URL). */
  jwksUrl?: string;
  /** GraphQL URLs of the subgraphs started before this one, by name (overrides `<NAME>_URL`). */
  subgraphUrls?: Record<string, string>;
  /** Every SQL statement, for tests that count round trips. */
  onQuery?: (sql: string) => void;
}

/** A started subgraph: its HTTP service (not yet listening) and its database. */
export interface RunningSubgraph {
  name: string;
  http: SubgraphService;
  orm: Orm;
  /** The subgraph's event outbox when it publishes events (its backlog is what operators watch). */
  outbox?: Outbox;
  /** Stops HTTP (draining requests), then closes the database pool. */
  stop(): Promise<void>;
}

export function subgraphDatabaseName(platform: Pick<PlatformConfig, 'databaseNamePrefix'>, subgraph: string): string {
  return `${platform.databaseNamePrefix}_${subgraph}`;
}

/**
 * A subgraph as the launcher, the scripts and the tests see it. Adding a subgraph means
 * exporting one of these and listing it in scripts/subgraphs.ts.
 */
export interface SubgraphModule {
  name: string;
  /** Local port: 4001 auth, 4002 catalog, 4003 inventory, 4004 booking, 4005 food. */
  defaultPort: number;
  database: SubgraphDatabase;
  /** Reads (validates) its configuration only, so a bad start names every problem before anything opens. */
  readConfig?(env: Environment): unknown;
  /** Reads its configuration from `env`, opens and migrates its database; does not listen yet. */
  start(env: Environment, deps: ServiceDependencies): Promise<RunningSubgraph>;
  /** Adds missing demo data; returns how many rows it created. Never called in production. */
  seed?(em: EntityManager): Promise<number>;
}

/** Opens (creating and migrating) a subgraph's own database on the server. */
export async function openSubgraphDatabase(
  database: SubgraphDatabase,
  options: { platform: Pick<PlatformConfig, 'databaseNamePrefix'>; serverUrl: string; logger: Logger; onQuery?: (sql: string) => void },
): Promise<Orm> {
  const databaseName = subgraphDatabaseName(options.platform, database.name);
  const orm = await openDatabase({
    serverUrl: options.serverUrl,
    databaseName,
    entities: database.entities,
    migrations: database.migrations,
    logger: options.logger,
    onQuery: options.onQuery,
  });
  // SQL spans and pool metrics (telemetry/database.ts).
  instrumentDatabase(orm, database.name, databaseName);
  return orm;
}

/** How every subgraph but auth checks tokens: auth's published JWKS, fetched and cached. */
export function remoteTokenVerifier(platform: PlatformConfig, jwksUrl?: string, revocations?: TokenRevocations): TokenVerifier {
  return createTokenVerifier({
    revocations,
    keys: remoteKeySet(jwksUrl ?? platform.authJwksUrl),
    issuer: platform.jwtIssuer,
    audience: platform.jwtAudience,
  });
}
