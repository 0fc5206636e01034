/** `npm run seed`: adds missing demo data to every subgraph's database. Refuses in production. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { seedAuth } from '@marquee/auth';
import { createLogger, EnvReader, openDatabase, readPlatformConfig, startDatabaseServer, subgraphDatabaseName } from '@marquee/platform';
import { subgraphDatabases } from './subgraphs.js';

const seeds: Record<string, (em: EntityManager) => Promise<number>> = { auth: seedAuth };

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
  for (const db of subgraphDatabases) {
    const orm = await openDatabase({
      serverUrl: server.url,
      databaseName: subgraphDatabaseName(platform, db.name),
      entities: db.entities,
      migrations: db.migrations,
      logger,
    });
    try {
      const created = (await seeds[db.name]?.(orm.em.fork())) ?? 0;
      logger.info('seeded', { database: db.name, created });
    } finally {
      await orm.close();
    }
  }
} finally {
  await server.stop();
}
