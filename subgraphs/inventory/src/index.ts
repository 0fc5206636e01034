import { readFile } from 'node:fs/promises';
import { parse } from 'graphql';
import {
  createSubgraphService,
  openSubgraphDatabase,
  remoteTokenVerifier,
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
  const logger = deps.logger.child({ service: 'inventory' });
  const orm = await openSubgraphDatabase(database, {
    platform: config.platform,
    serverUrl: deps.databaseServerUrl,
    logger,
    onQuery: deps.onQuery,
  });
  const catalog = new CatalogClient({
    // The launcher knows where it started catalog; on its own, CATALOG_URL says.
    url: deps.subgraphUrls?.catalog ?? config.catalogUrl,
    routerSecret: deps.routerSecret,
    timeoutMs: config.catalogTimeoutMs,
    logger,
  });
  const http = await createSubgraphService({
    name: 'inventory',
    typeDefs: parse(await readFile(SCHEMA_FILE, 'utf8')),
    resolvers: createResolvers(new StockService(catalog)),
    orm,
    createLoaders,
    routerSecret: deps.routerSecret,
    verifyToken: remoteTokenVerifier(config.platform, deps.jwksUrl),
    logger,
  });
  return {
    name: 'inventory',
    http,
    orm,
    async stop() {
      await http.close();
      await orm.close();
    },
  };
}

export const inventorySubgraph: SubgraphModule = {
  name: 'inventory',
  defaultPort: 4003,
  database,
  start: (env, deps) => createInventoryService(readInventoryConfig(env), deps),
  seed: seedInventory,
};
