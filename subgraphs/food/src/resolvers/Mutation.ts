import { changeEntity, requireRole, requireUser, type Outbox } from '@marquee/platform';
import { createFoodCategory, createMenuItem, createRestaurant, updateMenuItem } from '../services/catalog.js';
import type { Orders } from '../services/orders.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';

const idOf = (entity: { id: string }) => entity.id;

/** Menu changes commit with their `entity.changed` event (the outbox): the router's caches follow. */
export function createMutationResolvers(orders: Orders, outbox: Outbox): MutationResolvers {
  return {
    createRestaurant: (_parent, { input }, { user, em }) => {
      requireRole(user, 'ADMIN');
      return changeEntity(outbox, em, 'Restaurant', idOf, (tx) => createRestaurant(tx, input));
    },
    createFoodCategory: (_parent, { input }, { user, em }) => {
      requireRole(user, 'ADMIN');
      return changeEntity(outbox, em, 'FoodCategory', idOf, (tx) => createFoodCategory(tx, input));
    },
    createMenuItem: (_parent, { input }, { user, em }) => {
      requireRole(user, 'ADMIN');
      return changeEntity(outbox, em, 'MenuItem', idOf, (tx) => createMenuItem(tx, input));
    },
    updateMenuItem: (_parent, { id, input }, { user, em }) => {
      requireRole(user, 'ADMIN');
      return changeEntity(outbox, em, 'MenuItem', idOf, (tx) => updateMenuItem(tx, id, input));
    },
    placeOrder: (_parent, { input }, { user, em, authorization, requestId }) =>
      orders.place(em, requireUser(user), input, { authorization, requestId }),
    updateOrderStatus: (_parent, { id, status }, { user, em }) => {
      requireRole(user, 'MODERATOR');
      return orders.updateStatus(em, id, status);
    },
    cancelOrder: (_parent, { id }, { user, em }) => orders.cancel(em, requireUser(user), id),
  };
}
