import { centsToMoney, moneyToCents } from '@marquee/platform';
import { canSeeOrder } from '../services/orders.js';
import type { OrderLineResolvers, OrderResolvers } from '../__generated__/resolvers-types.js';
import { loaded } from './loaded.js';

export const Order: OrderResolvers = {
  // Another subgraph may name any order; only its owner and staff get it back.
  __resolveReference: async ({ id }, { user, loaders }) => {
    const order = await loaders.orderById.load(id);
    return order && canSeeOrder(user, order) ? order : null;
  },
  user: (order) => ({ __typename: 'User', id: order.userId }),
  restaurant: (order, _args, { loaders }) => loaded(loaders.restaurantById, order.restaurant.id),
  lines: (order, _args, { loaders }) => loaders.linesByOrder.load(order.id),
  booking: (order) => (order.bookingId ? { __typename: 'Booking', id: order.bookingId } : null),
};

export const OrderLine: OrderLineResolvers = {
  menuItem: (line, _args, { loaders }) => loaded(loaders.menuItemById, line.menuItem.id),
  lineTotal: (line) => centsToMoney(moneyToCents(line.unitPrice) * line.quantity),
};
