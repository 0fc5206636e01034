import { findViewConnection, isUuid, notFound, requireRole, requireUser, selectedBelow, selectsField, type ViewWhere } from '@marquee/platform';
import { Order } from '../entities/Order.js';
import { Restaurant } from '../entities/Restaurant.js';
import { canSeeOrder } from '../services/orders.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { Loaders } from '../loaders.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

const NEWEST_FIRST = { createdAt: 'desc', id: 'desc' } as const;

/** A list of orders counts only when totalCount is selected and reads the restaurants its nodes follow. */
const listOptions = (loaders: Loaders, info: GraphQLResolveInfo) => ({
  count: selectsField(info, 'totalCount'),
  include: loaders.orderIncludes,
  wanted: selectedBelow(info, ['edges', 'node']),
});

export const Query: QueryResolvers = {
  restaurants: (_parent, args, { em }, info) => findViewConnection(em, Restaurant, {}, args, { name: 'asc', id: 'asc' }, { count: selectsField(info, 'totalCount') }),

  restaurant: (_parent, { id }, { loaders }) => loaders.restaurantById.load(id),

  menuItem: (_parent, { id }, { loaders }) => loaders.menuItemById.load(id),

  order: async (_parent, { id }, { user, loaders }) => {
    requireUser(user);
    const order = await loaders.orderById.load(id);
    if (!order || !canSeeOrder(user, order)) throw notFound('No order of yours has this id.');
    return order;
  },

  myOrders: (_parent, { status, ...page }, { user, em, loaders }, info) => {
    const where: ViewWhere<Order> = { userId: requireUser(user).id, ...(status ? { status } : {}) };
    return findViewConnection(em, Order, where, page, NEWEST_FIRST, listOptions(loaders, info));
  },

  restaurantOrders: (_parent, { restaurantId, status, ...page }, { user, em, loaders }, info) => {
    requireRole(user, 'MODERATOR');
    if (!isUuid(restaurantId)) throw notFound('No restaurant has this id.');
    const where: ViewWhere<Order> = { restaurant: restaurantId, ...(status ? { status } : {}) };
    return findViewConnection(em, Order, where, page, NEWEST_FIRST, listOptions(loaders, info));
  },
};
