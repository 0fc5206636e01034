import { createKeyValueStore, createLogger, startDatabaseServer, stopOnSignals } from '@marquee/platform';
import { createCatalogService, readCatalogConfig } from './index.js';

/** Runs the catalog subgraph on its own (Docker, or one process per service). */
const config = readCatalogConfig();
if (!config.platform.routerSecret) throw new Error('ROUTER_SECRET must be set to run a subgraph on its own');
const logger = createLogger(config.platform.logLevel, { service: 'catalog' });
const databaseServer = await startDatabaseServer(config.platform, logger);
const kv = createKeyValueStore({ redisUrl: config.platform.redisUrl, keyPrefix: config.platform.redisKeyPrefix });
const service = await createCatalogService(config, {
  databaseServerUrl: databaseServer.url,
  kv,
  logger,
  routerSecret: config.platform.routerSecret,
});
await service.http.listen(config.port);
stopOnSignals(logger, async () => {
  await service.stop();
  await kv.close();
  await databaseServer.stop();
});
