import type { EntityManager } from '@mikro-orm/postgresql';
import { batchedConnections, byIdLoader } from '@marquee/platform';
import { Category } from './entities/Category.js';
import { Product } from './entities/Product.js';

export function createLoaders(em: EntityManager) {
  return {
    categoryById: byIdLoader((ids) => em.find(Category, { id: { $in: ids } })),
    productById: byIdLoader((ids) => em.find(Product, { id: { $in: ids } })),
    /** `Category.products` of every category in the response: one page statement and one count. */
    productsByCategory: batchedConnections(em, { entity: Product, parent: 'category', orderBy: { name: 'asc', id: 'asc' } }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
