/** `npm run migrate`: applies pending migrations of every subgraph's database, then exits. */
import { createLogger, EnvReader, openDatabase, readPlatformConfig, startDatabaseServer, subgraphDatabaseName } from '@marquee/platform';
import { subgraphDatabases } from './subgraphs.js';

const reader = new EnvReader();
const platform = readPlatformConfig(reader);
reader.done();
const logger = createLogger('info');
const server = await startDatabaseServer(platform, logger);
try {
  for (const db of subgraphDatabases) {
    const orm = await openDatabase({
      serverUrl: server.url,
      databaseName: subgraphDatabaseName(platform, db.name),
      entities: db.entities,
      migrations: db.migrations,
      logger,
    });
    await orm.close();
    logger.info('database up to date', { database: db.name });
  }
} finally {
  await server.stop();
}
