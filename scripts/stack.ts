import { randomBytes } from 'node:crypto';
import {
  createEventBus,
  bindHost,
  createKeyValueStore,
  EnvReader,
  readPlatformConfig,
  startDatabaseServer,
  type DatabaseServer,
  type Environment,
  type EventBus,
  type KeyValueStore,
  type Logger,
  type RunningSubgraph,
} from '@marquee/platform';
import { createRouter, readRouterConfig, type RunningRouter } from '@marquee/router';
import { subgraphModules } from './subgraphs.js';

export interface StackOptions {
  env: Environment;
  logger: Logger;
  /** Listen on free ports (tests) instead of 4000 and each subgraph's default port. */
  anyFreePort?: boolean;
  /** Add demo data that is missing (never in production). */
  seed?: boolean;
  /** A database server already running (tests share one); otherwise DATABASE_URL or embedded. */
  databaseServer?: DatabaseServer;
  onQuery?: (subgraph: string, sql: string) => void;
}

export interface Stack {
  routerUrl: string;
  subgraphs: Record<string, { url: string; service: RunningSubgraph }>;
  routerSecret: string;
  kv: KeyValueStore;
  /** One bus for food's order events and the router's subscriptions. */
  events: EventBus;
  databaseServer: DatabaseServer;
  router: RunningRouter;
  stop(): Promise<void>;
}

/**
 * Everything in one process: the database server (embedded unless DATABASE_URL), the Redis seam,
 * every subgraph and the router. `npm start` and the end-to-end tests both boot through here.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { logger } = options;
  // One secret for this local run unless one is configured; only processes started here know it.
  const routerSecret = options.env.ROUTER_SECRET ?? randomBytes(32).toString('base64url');
  const env: Environment = { ...options.env, ROUTER_SECRET: routerSecret };
  const platform = readPlatformConfig(new EnvReader(env));
  const databaseServer = options.databaseServer ?? (await startDatabaseServer(platform, logger));
  const kv = createKeyValueStore({ redisUrl: platform.redisUrl, keyPrefix: platform.redisKeyPrefix, logger });
  const events = createEventBus({ redisUrl: platform.redisUrl, keyPrefix: platform.redisKeyPrefix, logger });

  const started: RunningSubgraph[] = [];
  const stopStarted = async () => {
    for (const service of [...started].reverse()) await service.stop();
    await kv.close();
    await events.close();
    if (!options.databaseServer) await databaseServer.stop();
  };
  try {
    const subgraphs: Stack['subgraphs'] = {};
    let jwksUrl: string | undefined;
    for (const module of subgraphModules) {
      const service = await module.start(env, {
        databaseServerUrl: databaseServer.url,
        kv,
        events,
        logger,
        routerSecret,
        jwksUrl,
        subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, { url }]) => [name, url])),
        onQuery: options.onQuery && ((sql) => options.onQuery?.(module.name, sql)),
      });
      started.push(service);
      await service.http.listen(options.anyFreePort ? 0 : module.defaultPort, bindHost(env, module.name, platform));
      subgraphs[module.name] = { url: `${service.http.url()}/graphql`, service };
      // Auth starts first; everyone after it verifies tokens against its JWKS.
      if (module.name === 'auth') jwksUrl = `${service.http.url()}/.well-known/jwks.json`;
      if (options.seed && platform.nodeEnv !== 'production' && module.seed) {
        const created = await module.seed(service.orm.em.fork());
        if (created > 0) logger.info('demo data added', { subgraph: module.name, created });
      }
    }

    const subgraphUrlEnv = Object.fromEntries(
      Object.entries(subgraphs).map(([name, { url }]) => [`${name.toUpperCase()}_URL`, url]),
    );
    const routerConfig = readRouterConfig({ ...env, ...subgraphUrlEnv, AUTH_JWKS_URL: jwksUrl });
    const router = await createRouter(routerConfig, { logger, routerSecret, events, kv });
    await router.http.listen(options.anyFreePort ? 0 : routerConfig.port, routerConfig.host);

    return {
      routerUrl: `${router.http.url()}/graphql`,
      subgraphs,
      routerSecret,
      kv,
      events,
      databaseServer,
      router,
      async stop() {
        await router.stop();
        await stopStarted();
      },
    };
  } catch (error) {
    await stopStarted().catch(() => {});
    throw error;
  }
}
