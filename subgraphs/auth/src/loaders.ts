import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, findViews } from '@marquee/platform';
import { User } from './entities/User.js';

export function createLoaders(em: EntityManager) {
  return {
    userById: byIdLoader((ids) => findViews(em, User, { id: ids })),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
