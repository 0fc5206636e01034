import { randomBytes } from 'node:crypto';
import { createAuthService, readAuthConfig, seedAuth } from '@marquee/auth';
import {
  createKeyValueStore,
  EnvReader,
  readPlatformConfig,
  startDatabaseServer,
  type DatabaseServer,
  type Environment,
  type KeyValueStore,
  type Logger,
  type RunningSubgraph,
} from '@marquee/platform';
import { createRouter, readRouterConfig, type RunningRouter } from '@marquee/router';

export interface StackOptions {
  env: Environment;
  logger: Logger;
  /** Ports to listen on; 0 picks free ones (tests). Defaults: 4000 for the router, 4001+ for subgraphs. */
  ports?: { router: number; auth: number };
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
  const ports = options.ports ?? { router: 4000, auth: 4001 };
  // One secret for this local run unless one is configured; only processes started here know it.
  const routerSecret = options.env.ROUTER_SECRET ?? randomBytes(32).toString('base64url');
  const env: Environment = { ...options.env, ROUTER_SECRET: routerSecret };
  const platform = readPlatformConfig(new EnvReader(env));
  const databaseServer = options.databaseServer ?? (await startDatabaseServer(platform, logger));
  const kv = createKeyValueStore({ redisUrl: platform.redisUrl, keyPrefix: platform.redisKeyPrefix });

  const started: RunningSubgraph[] = [];
  const subgraphs: Stack['subgraphs'] = {};
  try {
    const authConfig = readAuthConfig(env);
    const auth = await createAuthService(authConfig, {
      platform: authConfig.platform,
      databaseServerUrl: databaseServer.url,
      kv,
      logger,
      routerSecret,
      onQuery: options.onQuery && ((sql) => options.onQuery?.('auth', sql)),
    });
    started.push(auth);
    await auth.http.listen(ports.auth, '127.0.0.1');
    subgraphs.auth = { url: `${auth.http.url()}/graphql`, service: auth };

    if (options.seed && platform.nodeEnv !== 'production') {
      const created = await seedAuth(auth.orm.em.fork());
      if (created > 0) logger.info('demo users added', { created });
    }

    const routerConfig = readRouterConfig({
      ...env,
      AUTH_JWKS_URL: `${auth.http.url()}/.well-known/jwks.json`,
      AUTH_URL: subgraphs.auth.url,
    });
    const router = await createRouter(routerConfig, { logger, routerSecret });
    await router.http.listen(ports.router);

    return {
      routerUrl: `${router.http.url()}/graphql`,
      subgraphs,
      routerSecret,
      kv,
      databaseServer,
      router,
      async stop() {
        await router.stop();
        for (const service of started.reverse()) await service.stop();
        await kv.close();
        if (!options.databaseServer) await databaseServer.stop();
      },
    };
  } catch (error) {
    for (const service of started.reverse()) await service.stop().catch(() => {});
    await kv.close();
    if (!options.databaseServer) await databaseServer.stop();
    throw error;
  }
}
