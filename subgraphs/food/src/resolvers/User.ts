import { forbidden, isStaff, requireUser } from '@marquee/platform';
import type { UserResolvers } from '../__generated__/resolvers-types.js';

export const User: UserResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  orders: (parent, args, { user, loaders }) => {
    const caller = requireUser(user);
    if (caller.id !== parent.id && !isStaff(caller)) throw forbidden("Only the user and staff may see a user's orders.");
    return loaders.ordersByUser.load(parent.id, args);
  },
};
