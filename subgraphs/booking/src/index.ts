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
import { readBookingConfig, type BookingConfig } from './config.js';
import { database } from './database.js';
import { createLoaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';
import { seedBooking } from './seed.js';

export { readBookingConfig, type BookingConfig } from './config.js';
export { database } from './database.js';
export { seedBooking } from './seed.js';
export { PREMIUM_SURCHARGE_PERCENT } from './services/pricing.js';

const SCHEMA_FILE = new URL('../../../schema/booking.graphql', import.meta.url);

export async function createBookingService(config: BookingConfig, deps: ServiceDependencies): Promise<RunningSubgraph> {
  const logger = deps.logger.child({ service: 'booking' });
  const orm = await openSubgraphDatabase(database, {
    platform: config.platform,
    serverUrl: deps.databaseServerUrl,
    logger,
    onQuery: deps.onQuery,
  });
  const http = await createSubgraphService({
    name: 'booking',
    typeDefs: parse(await readFile(SCHEMA_FILE, 'utf8')),
    resolvers,
    orm,
    createLoaders,
    routerSecret: deps.routerSecret,
    verifyToken: remoteTokenVerifier(config.platform, deps.jwksUrl),
    logger,
  });
  return {
    name: 'booking',
    http,
    orm,
    async stop() {
      await http.close();
      await orm.close();
    },
  };
}

export const bookingSubgraph: SubgraphModule = {
  name: 'booking',
  defaultPort: 4004,
  database,
  start: (env, deps) => createBookingService(readBookingConfig(env), deps),
  seed: seedBooking,
};
