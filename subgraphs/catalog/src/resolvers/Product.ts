import { loadNow, notFound } from '@marquee/platform';
import type { ProductResolvers } from '../__generated__/resolvers-types.js';

export const Product: ProductResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.productById.load(id),

  // Through the loader: a page of products costs one category query, not one per product (none
  // when the page read them), and a known category is answered at once.
  category: (product, _args, { loaders }) =>
    loadNow(loaders.categoryById, product.category.id, (category) => {
      if (!category) throw notFound('This product has no category.');
      return category;
    }),
};
