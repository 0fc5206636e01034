import {
  Outbox,
  startSubgraph,
  type RunningSubgraph,
  type ServiceDependencies,
  type SubgraphModule,
} from '@marquee/platform';
import { readInventoryConfig, type InventoryConfig } from './config.js';
import { database } from './database.js';
import { createLoaders } from './loaders.js';
import { createResolvers } from './resolvers/index.js';
import { seedInventory } from './seed.js';
import { CatalogClient } from './services/catalog-client.js';
import { listenForProductDeletions } from './services/discontinue.js';
import { StockService } from './services/stock.js';

export { readInventoryConfig, type InventoryConfig } from './config.js';
export { database } from './database.js';
export { seedInventory, DEMO_STOCK } from './seed.js';

const SCHEMA_FILE = new URL('../../../schema/inventory.graphql', import.meta.url);

export async function createInventoryService(config: InventoryConfig, deps: ServiceDependencies): Promise<RunningSubgraph> {
  const logger = deps.logger.child({ service: 'inventory' });
  const { events } = deps;
  let stopListening: (() => Promise<void>) | undefined;
  const catalog = new CatalogClient({
    // The launcher knows where it started catalog; on its own, CATALOG_URL says.
    url: deps.subgraphUrls?.catalog ?? config.catalogUrl,
    routerSecret: deps.routerSecret,
    timeoutMs: config.catalogTimeoutMs,
    logger,
  });
  // Stock changes announce their Product through the outbox (the router's caches follow them).
  const outbox = new Outbox({ bus: events, logger, config: config.outbox });
  const running = await startSubgraph({
    database,
    schemaFile: SCHEMA_FILE,
    platform: config.platform,
    deps,
    resolvers: createResolvers(new StockService(catalog, outbox)),
    createLoaders,
    outbox,
    onStop: async () => {
      await stopListening?.();
    },
  });
  try {
    // Catalog's deletes take the product's stock out of lowStock and inStock.
    stopListening = await listenForProductDeletions(events, running.orm, logger);
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

export const inventorySubgraph: SubgraphModule = {
  name: 'inventory',
  defaultPort: 4003,
  database,
  readConfig: readInventoryConfig,
  start: (env, deps) => createInventoryService(readInventoryConfig(env), deps),
  seed: seedInventory,
};
