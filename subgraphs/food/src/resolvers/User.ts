import { findConnection, forbidden, isStaff, requireUser } from '@marquee/platform';
import { Order } from '../entities/Order.js';
import type { UserResolvers } from '../__generated__/resolvers-types.js';

export const User: UserResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  orders: (parent, args, { user, em }) => {
    const caller = requireUser(user);
    if (caller.id !== parent.id && !isStaff(caller)) throw forbidden("Only the user and staff may see a user's orders.");
    return findConnection(em, Order, { userId: parent.id }, args, { createdAt: 'desc', id: 'desc' });
  },
};
