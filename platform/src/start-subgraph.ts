import { readFile } from 'node:fs/promises';
import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parse, type ValidationRule } from 'graphql';
import type { TokenVerifier } from './auth/verify.js';
import { TokenRevocations } from './auth/revocations.js';
import { assertValidConfig, bindHost, EnvReader, exitOnConfigError, readPlatformConfig, type Environment, type PlatformConfig } from './config.js';
import type { Orm } from './database/orm.js';
import { startDatabaseServer } from './database/server.js';
import type { RouteHandler } from './http/service.js';
import { createEventBus } from './events.js';
import { createKeyValueStore } from './kv.js';
import { createLogger } from './logger.js';
import { registerOutboxBacklog } from './telemetry/metrics.js';
import { startTelemetry } from './telemetry/tracing.js';
import {
  openSubgraphDatabase,
  remoteTokenVerifier,
  type RunningSubgraph,
  type ServiceDependencies,
  type SubgraphDatabase,
  type SubgraphModule,
} from './service.js';
import type { Outbox } from './outbox/index.js';
import { stopOnSignals } from './shutdown.js';
import { createSubgraphService, type SubgraphContext } from './subgraph.js';

export interface StartSubgraphOptions<TLoaders> {
  database: SubgraphDatabase;
  /** The subgraph's SDL file (schema/<name>.graphql). */
  schemaFile: URL;
  platform: PlatformConfig;
  deps: ServiceDependencies;
  /** Built once the database is open, for resolvers whose services need it. */
  resolvers: object | ((orm: Orm) => object | Promise<object>);
  /** See SubgraphServiceOptions.createLoaders: views only, through the root EntityManager. */
  createLoaders: (em: EntityManager) => TLoaders;
  /** Defaults to auth's JWKS (remoteTokenVerifier). */
  verifyToken?: TokenVerifier;
  routes?: Record<string, RouteHandler>;
  validationRules?: ValidationRule[];
  plugins?: ApolloServerPlugin<SubgraphContext<TLoaders>>[];
  /** Runs after HTTP has drained, before the database pool closes. */
  onStop?: () => Promise<void>;
  /** The subgraph's transactional outbox: its relay starts once the database is migrated, stops after HTTP drained. */
  outbox?: Outbox;
}

/**
 * The common life of a subgraph: open (create, migrate) its database, serve its schema behind the
 * router secret with token checks, and on stop drain HTTP before closing the pool.
 */
export async function startSubgraph<TLoaders>(options: StartSubgraphOptions<TLoaders>): Promise<RunningSubgraph> {
  const { database, deps, platform } = options;
  const name = database.name;
  const logger = deps.logger.child({ service: name });
  const orm = await openSubgraphDatabase(database, { platform, serverUrl: deps.databaseServerUrl, logger, onQuery: deps.onQuery });
  // Auth brings its own verifier (and revocations); every other subgraph checks revocations here.
  const revocations = options.verifyToken ? undefined : new TokenRevocations({ kv: deps.kv, events: deps.events, logger });
  const { outbox } = options;
  let stopReportingBacklog = () => {};
  try {
    await revocations?.start();
    if (outbox) {
      outbox.start(orm, name);
      // marquee_outbox_backlog and ..._oldest_unsent_age_seconds, read at each scrape.
      stopReportingBacklog = registerOutboxBacklog(name, () => outbox.backlog());
    }
    const resolvers = typeof options.resolvers === 'function' ? await options.resolvers(orm) : options.resolvers;
    const http = await createSubgraphService({
      name,
      typeDefs: parse(await readFile(options.schemaFile, 'utf8')),
      resolvers,
      orm,
      createLoaders: options.createLoaders,
      routerSecret: deps.routerSecret,
      verifyToken: options.verifyToken ?? remoteTokenVerifier(platform, deps.jwksUrl, revocations),
      logger,
      routes: options.routes,
      validationRules: options.validationRules,
      plugins: options.plugins,
      introspection: platform.introspection,
      fieldSuggestions: platform.fieldSuggestions,
    });
    return {
      name,
      http,
      orm,
      outbox,
      async stop() {
        await http.close();
        await options.onStop?.();
        await revocations?.stop();
        stopReportingBacklog();
        await outbox?.stop();
        await orm.close();
      },
    };
  } catch (error) {
    stopReportingBacklog();
    await revocations?.stop();
    await outbox?.stop();
    await orm.close();
    throw error;
  }
}

/**
 * `main.ts` of every subgraph: run it alone (Docker, one process per service) on
 * `<NAME>_PORT` (default: its port) and `<NAME>_HOST` or HOST (default: loopback), with the database server and Redis from the environment.
 */
export async function runSubgraphAlone(module: SubgraphModule, env: Environment = process.env): Promise<void> {
  const reader = new EnvReader(env);
  const platform = readPlatformConfig(reader);
  const port = reader.int(`${module.name.toUpperCase()}_PORT`, module.defaultPort, { max: 65535 });
  if (!platform.routerSecret) reader.problem('ROUTER_SECRET must be set to run a subgraph on its own');
  // Every problem of the platform's and the subgraph's own settings, in one message, before anything opens.
  try {
    assertValidConfig(
      () => reader.done(),
      () => module.readConfig?.(env),
    );
  } catch (error) {
    exitOnConfigError(module.name, error);
  }
  const telemetry = startTelemetry({ serviceName: module.name, env });
  const logger = createLogger(platform.logLevel, { service: module.name });
  const databaseServer = await startDatabaseServer(platform, logger);
  const kv = createKeyValueStore({ redisUrl: platform.redisUrl, keyPrefix: platform.redisKeyPrefix, logger });
  const events = createEventBus({ redisUrl: platform.redisUrl, keyPrefix: platform.redisKeyPrefix, logger });
  if (!platform.redisUrl) logger.warn('no REDIS_URL: events stay in this process and reach no other service');
  const service = await module.start(env, {
    databaseServerUrl: databaseServer.url,
    kv,
    events,
    logger,
    routerSecret: platform.routerSecret as string,
  });
  // Handlers first, so a signal that arrives while binding still stops everything cleanly.
  stopOnSignals(logger, async () => {
    await service.stop();
    await events.close();
    await kv.close();
    await databaseServer.stop();
    await telemetry.shutdown();
  });
  await service.http.listen(port, bindHost(env, module.name, platform));
}
