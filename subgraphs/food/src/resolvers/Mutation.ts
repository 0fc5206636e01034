import { requireRole, requireUser } from '@marquee/platform';
import { createFoodCategory, createMenuItem, createRestaurant, updateMenuItem } from '../services/catalog.js';
import type { Orders } from '../services/orders.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';

export function createMutationResolvers(orders: Orders): MutationResolvers {
  return {
    createRestaurant: (_parent, { input }, { user, em }) => {
      requireRole(user, 'ADMIN');
      return createRestaurant(em, input);
    },
    createFoodCategory: (_parent, { input }, { user, em }) => {
      requireRole(user, 'ADMIN');
      return createFoodCategory(em, input);
    },
    createMenuItem: (_parent, { input }, { user, em }) => {
      requireRole(user, 'ADMIN');
      return createMenuItem(em, input);
    },
    updateMenuItem: (_parent, { id, input }, { user, em }) => {
      requireRole(user, 'ADMIN');
      return updateMenuItem(em, id, input);
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
