import type { EntityManager } from '@mikro-orm/postgresql';
import { batchedConnections, byIdLoader, findViews, type ViewIncludes } from '@marquee/platform';
import { Category } from './entities/Category.js';
import { Product } from './entities/Product.js';

export function createLoaders(em: EntityManager) {
  const categoryById = byIdLoader((ids) => findViews(em, Category, { id: ids }));
  /** A product's category, read with the products when the operation follows it. */
  const productIncludes: ViewIncludes<Product> = { category: { each: (category) => categoryById.prime(category.id, category) } };
  return {
    categoryById,
    productIncludes,
    productById: byIdLoader((ids) => findViews(em, Product, { id: ids })),
    /** `Category.products` of every category in the response: one page statement and one count. */
    productsByCategory: batchedConnections(em, { entity: Product, parent: 'category', orderBy: { name: 'asc', id: 'asc' } }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
