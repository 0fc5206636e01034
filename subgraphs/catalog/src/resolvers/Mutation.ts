import { requireRole } from '@marquee/platform';
import { createCategory, deleteCategory, updateCategory } from '../services/categories.js';
import { createProduct, deleteProduct, updateProduct } from '../services/products.js';
import type { ProductEvents } from '../services/product-events.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';

/** The catalog is managed by ADMIN and up (DESIGN.md §4). */
export const createMutationResolvers = (events: ProductEvents): MutationResolvers => ({
  createCategory: (_parent, { input }, { user, em }) => {
    requireRole(user, 'ADMIN');
    return createCategory(em, input);
  },
  updateCategory: (_parent, { id, input }, { user, em }) => {
    requireRole(user, 'ADMIN');
    return updateCategory(em, id, input);
  },
  deleteCategory: (_parent, { id }, { user, em }) => {
    requireRole(user, 'ADMIN');
    return deleteCategory(em, id);
  },
  createProduct: (_parent, { input }, { user, em }) => {
    requireRole(user, 'ADMIN');
    return createProduct(em, input);
  },
  updateProduct: (_parent, { id, input }, { user, em }) => {
    requireRole(user, 'ADMIN');
    return updateProduct(em, id, input);
  },
  deleteProduct: (_parent, { id }, { user, em }) => {
    requireRole(user, 'ADMIN');
    return deleteProduct(em, events, id);
  },
});
