import {
  Outbox,
  startSubgraph,
  type RunningSubgraph,
  type ServiceDependencies,
  type SubgraphModule,
} from '@marquee/platform';
import { readCatalogConfig, type CatalogConfig } from './config.js';
import { database } from './database.js';
import { createLoaders } from './loaders.js';
import { createResolvers } from './resolvers/index.js';
import { seedCatalog } from './seed.js';

export { readCatalogConfig, type CatalogConfig } from './config.js';
export { database } from './database.js';
export { seedCatalog, DEMO_PRODUCTS, DEMO_CATEGORIES } from './seed.js';

const SCHEMA_FILE = new URL('../../../schema/catalog.graphql', import.meta.url);

export async function createCatalogService(config: CatalogConfig, deps: ServiceDependencies): Promise<RunningSubgraph> {
  const logger = deps.logger.child({ service: 'catalog' });
  // Product and category changes (and deletions, which inventory follows) go out through the outbox.
  const outbox = new Outbox({ bus: deps.events, logger, config: config.outbox });
  return startSubgraph({
    database,
    schemaFile: SCHEMA_FILE,
    platform: config.platform,
    deps,
    resolvers: createResolvers(outbox),
    createLoaders,
    outbox,
  });
}

export const catalogSubgraph: SubgraphModule = {
  name: 'catalog',
  defaultPort: 4002,
  database,
  readConfig: readCatalogConfig,
  start: (env, deps) => createCatalogService(readCatalogConfig(env), deps),
  seed: seedCatalog,
};
