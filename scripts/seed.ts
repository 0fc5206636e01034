/** `npm run seed`: adds missing demo data to every subgraph's database. Refuses in production. */
import { createLogger, EnvReader, openSubgraphDatabase, readPlatformConfig, startDatabaseServer } from '@marquee/platform';
import { subgraphModules } from './subgraphs.js';

const reader = new EnvReader();
const platform = readPlatformConfig(reader);
reader.done();
if (platform.nodeEnv === 'production') {
  console.error('npm run seed adds demo users with published passwords; it does not run in production.');
  process.exit(1);
}
const logger = createLogger('info');
const server = await startDatabaseServer(platform, logger);
try {
  for (const { database: db, seed } of subgraphModules) {
    if (!seed) continue;
    const orm = await openSubgraphDatabase(db, { platform, serverUrl: server.url, logger });
    try {
      const created = await seed(orm.em.fork());
      logger.info('seeded', { database: db.name, created });
    } finally {
      await orm.close();
    }
  }
} finally {
  await server.stop();
}
