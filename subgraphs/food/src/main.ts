import { createEventBus, createKeyValueStore, createLogger, startDatabaseServer, stopOnSignals } from '@marquee/platform';
import { createFoodService, readFoodConfig } from './index.js';

/** Runs the food subgraph on its own (Docker, or one process per service). */
const config = readFoodConfig();
if (!config.platform.routerSecret) throw new Error('ROUTER_SECRET must be set to run a subgraph on its own');
const logger = createLogger(config.platform.logLevel, { service: 'food' });
const databaseServer = await startDatabaseServer(config.platform, logger);
const kv = createKeyValueStore({ redisUrl: config.platform.redisUrl, keyPrefix: config.platform.redisKeyPrefix });
const events = createEventBus({ redisUrl: config.platform.redisUrl, keyPrefix: config.platform.redisKeyPrefix, logger });
if (!config.platform.redisUrl) logger.warn('no REDIS_URL: order events stay in this process and reach no router');
const service = await createFoodService(config, {
  databaseServerUrl: databaseServer.url,
  kv,
  events,
  logger,
  routerSecret: config.platform.routerSecret,
});
await service.http.listen(config.port);
stopOnSignals(logger, async () => {
  await service.stop();
  await events.close();
  await kv.close();
  await databaseServer.stop();
});
