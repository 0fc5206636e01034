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
import { readCatalogConfig, type CatalogConfig } from './config.js';
import { database } from './database.js';
import { createLoaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';
import { seedCatalog } from './seed.js';

export { readCatalogConfig, type CatalogConfig } from './config.js';
export { database } from './database.js';
export { seedCatalog, DEMO_PRODUCTS, DEMO_CATEGORIES } from './seed.js';

const SCHEMA_FILE = new URL('../../../schema/catalog.graphql', import.meta.url);

export async function createCatalogService(config: CatalogConfig, deps: ServiceDependencies): Promise<RunningSubgraph> {
  const logger = deps.logger.child({ service: 'catalog' });
  const orm = await openSubgraphDatabase(database, {
    platform: config.platform,
    serverUrl: deps.databaseServerUrl,
    logger,
    onQuery: deps.onQuery,
  });
  const http = await createSubgraphService({
    name: 'catalog',
    typeDefs: parse(await readFile(SCHEMA_FILE, 'utf8')),
    resolvers,
    orm,
    createLoaders,
    routerSecret: deps.routerSecret,
    verifyToken: remoteTokenVerifier(config.platform, deps.jwksUrl),
    logger,
  });
  return {
    name: 'catalog',
    http,
    orm,
    async stop() {
      await http.close();
      await orm.close();
    },
  };
}

export const catalogSubgraph: SubgraphModule = {
  name: 'catalog',
  defaultPort: 4002,
  database,
  start: (env, deps) => createCatalogService(readCatalogConfig(env), deps),
  seed: seedCatalog,
};
