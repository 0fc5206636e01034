/** `npm run migrate`: applies pending migrations of every subgraph's database, then exits. */
import { createLogger, EnvReader, openSubgraphDatabase, readPlatformConfig, startDatabaseServer } from '@marquee/platform';
import { subgraphModules } from './subgraphs.js';

const subgraphDatabases = subgraphModules.map((module) => module.database);

const reader = new EnvReader();
const platform = readPlatformConfig(reader);
reader.done();
const logger = createLogger('info');
const server = await startDatabaseServer(platform, logger);
try {
  for (const db of subgraphDatabases) {
    const orm = await openSubgraphDatabase(db, { platform, serverUrl: server.url, logger });
    await orm.close();
    logger.info('database up to date', { database: db.name });
  }
} finally {
  await server.stop();
}
