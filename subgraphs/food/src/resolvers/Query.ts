import { findConnection, isUuid, notFound, requireRole, requireUser } from '@marquee/platform';
import type { FilterQuery } from '@mikro-orm/core';
import { Order } from '../entities/Order.js';
import { Restaurant } from '../entities/Restaurant.js';
import { canSeeOrder } from '../services/orders.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

const NEWEST_FIRST = { createdAt: 'desc', id: 'desc' } as const;

export const Query: QueryResolvers = {
  restaurants: (_parent, args, { em }) => findConnection(em, Restaurant, {}, args, { name: 'asc', id: 'asc' }),

  restaurant: (_parent, { id }, { loaders }) => loaders.restaurantById.load(id),

  menuItem: (_parent, { id }, { loaders }) => loaders.menuItemById.load(id),

  order: async (_parent, { id }, { user, loaders }) => {
    requireUser(user);
    const order = await loaders.orderById.load(id);
    if (!order || !canSeeOrder(user, order)) throw notFound('No order of yours has this id.');
    return order;
  },

  myOrders: (_parent, { status, ...page }, { user, em }) => {
    const where: FilterQuery<Order> = { userId: requireUser(user).id, ...(status ? { status } : {}) };
    return findConnection(em, Order, where, page, NEWEST_FIRST);
  },

  restaurantOrders: (_parent, { restaurantId, status, ...page }, { user, em }) => {
    requireRole(user, 'MODERATOR');
    if (!isUuid(restaurantId)) throw notFound('No restaurant has this id.');
    const where: FilterQuery<Order> = { restaurant: restaurantId, ...(status ? { status } : {}) };
    return findConnection(em, Order, where, page, NEWEST_FIRST);
  },
};
