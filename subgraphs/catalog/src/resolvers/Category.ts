import type { CategoryResolvers } from '../__generated__/resolvers-types.js';

export const Category: CategoryResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.categoryById.load(id),

  products: (category, { first, after }, { loaders }) => loaders.productsByCategory.load(category.id, { first, after }),
};
