import { badUserInput } from '@marquee/platform';
import { Category } from '../entities/Category.js';
import { listProducts } from '../services/products.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

/** Everything here is open to everyone, signed in or not. */
export const Query: QueryResolvers = {
  categories: (_parent, _args, { em }) => em.find(Category, {}, { orderBy: { name: 'asc', id: 'asc' } }),

  category: (_parent, { id, slug }, { em, loaders }) => {
    if ((id === null || id === undefined) === (slug === null || slug === undefined)) {
      throw badUserInput('Give exactly one of id and slug.', id ? 'slug' : 'id');
    }
    return id ? loaders.categoryById.load(id) : em.findOne(Category, { slug: slug as string });
  },

  products: (_parent, { first, after, filter }, { em }) => listProducts(em, { first, after }, filter),

  product: (_parent, { id }, { loaders }) => loaders.productById.load(id),
};
