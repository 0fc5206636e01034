import { findConnection } from '@marquee/platform';
import { Product } from '../entities/Product.js';
import type { CategoryResolvers } from '../__generated__/resolvers-types.js';

export const Category: CategoryResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.categoryById.load(id),

  products: (category, { first, after }, { em }) =>
    findConnection(em, Product, { category: category.id }, { first, after }, { name: 'asc', id: 'asc' }),
};
