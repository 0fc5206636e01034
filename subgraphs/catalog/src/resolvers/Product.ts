import { notFound } from '@marquee/platform';
import type { ProductResolvers } from '../__generated__/resolvers-types.js';

export const Product: ProductResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.productById.load(id),

  // Through the loader: a page of products costs one category query, not one per product.
  category: async (product, _args, { loaders }) => {
    const category = await loaders.categoryById.load(product.category.id);
    if (!category) throw notFound('This product has no category.');
    return category;
  },
};
