import { randomBytes } from 'node:crypto';
import { createLogger, dropDatabase, openDatabase } from '@marquee/platform';
import { subgraphModules } from '../../scripts/subgraphs.js';

const serverUrl = () => process.env.DATABASE_URL as string;

describe.each(subgraphModules.map((module) => [module.name, module.database] as const))('%s migrations', (name, database) => {
  const databaseName = `marquee_migrations_${name}_${randomBytes(4).toString('hex')}`;
  afterAll(() => dropDatabase(serverUrl(), databaseName));
  const open = () =>
    openDatabase({
      serverUrl: serverUrl(),
      databaseName,
      entities: database.entities,
      migrations: database.migrations,
      logger: createLogger('silent'),
    });

  it('create the whole schema on an empty database, and the entities need nothing more', async () => {
    const orm = await open();
    try {
      const migrator = orm.getMigrator();
      expect(await migrator.getPendingMigrations()).toEqual([]);
      expect((await migrator.getExecutedMigrations()).map((m) => m.name)).toEqual(database.migrations.map((m) => m.name));
      // A change to an entity without a committed migration fails here.
      expect(await migrator.checkMigrationNeeded()).toBe(false);
    } finally {
      await orm.close();
    }
  });

  it('opening again applies nothing twice', async () => {
    const orm = await open();
    await orm.close();
  });
});
