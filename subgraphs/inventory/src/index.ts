import {
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
import { StockService } from './services/stock.js';

export { readInventoryConfig, type InventoryConfig } from './config.js';
export { database } from './database.js';
export { seedInventory, DEMO_STOCK } from './seed.js';

const SCHEMA_FILE = new URL('../../../schema/inventory.graphql', import.meta.url);

export async function createInventoryService(config: InventoryConfig, deps: ServiceDependencies): Promise<RunningSubgraph> {
  const catalog = new CatalogClient({
    // The launcher knows where it started catalog; on its own, CATALOG_URL says.
    url: deps.subgraphUrls?.catalog ?? config.catalogUrl,
    routerSecret: deps.routerSecret,
    timeoutMs: config.catalogTimeoutMs,
    logger: deps.logger.child({ service: 'inventory' }),
  });
  return startSubgraph({
    database,
    schemaFile: SCHEMA_FILE,
    platform: config.platform,
    deps,
    resolvers: createResolvers(new StockService(catalog)),
    createLoaders,
  });
}

export const inventorySubgraph: SubgraphModule = {
  name: 'inventory',
  defaultPort: 4003,
  database,
  start: (env, deps) => createInventoryService(readInventoryConfig(env), deps),
  seed: seedInventory,
};
