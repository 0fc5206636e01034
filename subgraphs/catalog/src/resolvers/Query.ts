import { badUserInput, findViews, pageSize, selectedBelow, selectsField } from '@marquee/platform';
import { Category } from '../entities/Category.js';
import { listProducts } from '../services/products.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

/** Everything here is open to everyone, signed in or not. */
export const Query: QueryResolvers = {
  // Capped like every list (schema: @listSize): the first `first`, at most 100.
  categories: (_parent, { first }, { em }) => findViews(em, Category, {}, { orderBy: { name: 'asc', id: 'asc' }, limit: pageSize(first) }),

  category: async (_parent, { id, slug }, { em, loaders }) => {
    if ((id === null || id === undefined) === (slug === null || slug === undefined)) {
      throw badUserInput('Give exactly one of id and slug.', id ? 'slug' : 'id');
    }
    if (id) return loaders.categoryById.load(id);
    const [category] = await findViews(em, Category, { slug: slug as string }, { limit: 1 });
    return category ?? null;
  },

  products: (_parent, { first, after, filter }, { em, loaders }, info) =>
    listProducts(em, { first, after }, filter, {
      count: selectsField(info, 'totalCount'),
      include: loaders.productIncludes,
      wanted: selectedBelow(info, ['edges', 'node']),
    }),

  product: (_parent, { id }, { loaders }) => loaders.productById.load(id),
};
