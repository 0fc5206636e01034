import { changeEntity, requireRole, type Outbox } from '@marquee/platform';
import { createCategory, deleteCategory, updateCategory } from '../services/categories.js';
import { createProduct, deleteProduct, updateProduct } from '../services/products.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';

const idOf = (entity: { id: string }) => entity.id;
const itself = (id: string) => id;

/**
 * The catalog is managed by ADMIN and up (DESIGN.md §4). Every change commits with its
 * `entity.changed` event (the outbox), which is what drops the router's cached answers.
 */
export const createMutationResolvers = (outbox: Outbox): MutationResolvers => ({
  createCategory: (_parent, { input }, { user, em }) => {
    requireRole(user, 'ADMIN');
    return changeEntity(outbox, em, 'Category', idOf, (tx) => createCategory(tx, input));
  },
  updateCategory: (_parent, { id, input }, { user, em }) => {
    requireRole(user, 'ADMIN');
    return changeEntity(outbox, em, 'Category', idOf, (tx) => updateCategory(tx, id, input));
  },
  deleteCategory: (_parent, { id }, { user, em }) => {
    requireRole(user, 'ADMIN');
    return changeEntity(outbox, em, 'Category', itself, (tx) => deleteCategory(tx, id));
  },
  createProduct: (_parent, { input }, { user, em }) => {
    requireRole(user, 'ADMIN');
    return changeEntity(outbox, em, 'Product', idOf, (tx) => createProduct(tx, input));
  },
  updateProduct: (_parent, { id, input }, { user, em }) => {
    requireRole(user, 'ADMIN');
    return changeEntity(outbox, em, 'Product', idOf, (tx) => updateProduct(tx, id, input));
  },
  deleteProduct: (_parent, { id }, { user, em }) => {
    requireRole(user, 'ADMIN');
    return changeEntity(outbox, em, 'Product', itself, (tx, events) => deleteProduct(tx, events, id));
  },
});
