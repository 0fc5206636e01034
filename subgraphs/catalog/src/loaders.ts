import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '@marquee/platform';
import { Category } from './entities/Category.js';
import { Product } from './entities/Product.js';

export function createLoaders(em: EntityManager) {
  return {
    categoryById: byIdLoader((ids) => em.find(Category, { id: { $in: ids } })),
    productById: byIdLoader((ids) => em.find(Product, { id: { $in: ids } })),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
