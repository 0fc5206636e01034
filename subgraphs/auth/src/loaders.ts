import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '@marquee/platform';
import { User } from './entities/User.js';

export function createLoaders(em: EntityManager) {
  return {
    userById: byIdLoader((ids) => em.find(User, { id: { $in: ids } })),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
