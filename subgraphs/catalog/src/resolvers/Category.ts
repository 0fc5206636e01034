import { selectsField } from '@marquee/platform';
import type { CategoryResolvers } from '../__generated__/resolvers-types.js';

export const Category: CategoryResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.categoryById.load(id),

  products: (category, { first, after }, { loaders }, info) =>
    loaders.productsByCategory.load(category.id, { first, after }, { count: selectsField(info, 'totalCount') }),
};
