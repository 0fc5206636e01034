import {
  Outbox,
  startSubgraph,
  type RunningSubgraph,
  type ServiceDependencies,
  type SubgraphModule,
} from '@marquee/platform';
import { readBookingConfig, type BookingConfig } from './config.js';
import { database } from './database.js';
import { createLoaders } from './loaders.js';
import { createResolvers } from './resolvers/index.js';
import { seedBooking } from './seed.js';

export { readBookingConfig, type BookingConfig } from './config.js';
export { database } from './database.js';
export { seedBooking } from './seed.js';
export { PREMIUM_SURCHARGE_PERCENT } from './services/pricing.js';
export { SEATS_CHANGED, showingSeatsChannel } from './services/seat-events.js';

const SCHEMA_FILE = new URL('../../../schema/booking.graphql', import.meta.url);

export async function createBookingService(config: BookingConfig, deps: ServiceDependencies): Promise<RunningSubgraph> {
  // Seat changes publish the showing's seat event (live seat maps) through booking's outbox.
  const outbox = new Outbox({ bus: deps.events, logger: deps.logger.child({ service: 'booking' }), config: config.outbox });
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

export const bookingSubgraph: SubgraphModule = {
  name: 'booking',
  defaultPort: 4004,
  database,
  readConfig: readBookingConfig,
  start: (env, deps) => createBookingService(readBookingConfig(env), deps),
  seed: seedBooking,
};
