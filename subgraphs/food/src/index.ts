import {
  Outbox,
  startSubgraph,
  type RunningSubgraph,
  type ServiceDependencies,
  type SubgraphModule,
} from '@marquee/platform';
import { readFoodConfig, type FoodConfig } from './config.js';
import { database } from './database.js';
import { createLoaders } from './loaders.js';
import { createResolvers } from './resolvers/index.js';
import { BookingClient } from './services/booking-client.js';
import { OrderRateLimit } from './services/order-rate-limit.js';
import { Orders } from './services/orders.js';
import { seedFood } from './seed.js';

export { readFoodConfig, type FoodConfig } from './config.js';
export { database } from './database.js';
export { seedFood, DEMO_RESTAURANTS } from './seed.js';

const SCHEMA_FILE = new URL('../../../schema/food.graphql', import.meta.url);

export async function createFoodService(config: FoodConfig, deps: ServiceDependencies): Promise<RunningSubgraph> {
  const logger = deps.logger.child({ service: 'food' });
  const outbox = new Outbox({ bus: deps.events, logger, config: config.outbox });
  const orders = new Orders(
    outbox,
    new OrderRateLimit(deps.kv, config.orderRateLimit, config.orderRateWindowSeconds * 1000),
    new BookingClient({
      // The launcher starts booking before food and knows where; on its own, BOOKING_URL says.
      url: deps.subgraphUrls?.booking ?? config.bookingUrl,
      routerSecret: deps.routerSecret,
      timeoutMs: config.bookingTimeoutMs,
      logger,
    }),
  );
  return startSubgraph({
    database,
    schemaFile: SCHEMA_FILE,
    platform: config.platform,
    deps,
    resolvers: createResolvers(orders, outbox),
    createLoaders,
    outbox,
  });
}

export const foodSubgraph: SubgraphModule = {
  name: 'food',
  defaultPort: 4005,
  database,
  readConfig: readFoodConfig,
  start: (env, deps) => createFoodService(readFoodConfig(env), deps),
  seed: seedFood,
};
