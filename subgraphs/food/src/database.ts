import type { SubgraphDatabase } from '@marquee/platform';
import { entities } from './entities/index.js';
import { migrations } from './migrations/index.js';

export const database: SubgraphDatabase = {
  name: 'food',
  entities,
  migrations,
  migrationsDir: new URL('./migrations/', import.meta.url),
};
