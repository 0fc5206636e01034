import { forbidden, isStaff, requireUser, selectedBelow, selectsField } from '@marquee/platform';
import type { UserResolvers } from '../__generated__/resolvers-types.js';

const NODE = ['edges', 'node'];

export const User: UserResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  orders: (parent, args, { user, loaders }, info) => {
    const caller = requireUser(user);
    if (caller.id !== parent.id && !isStaff(caller)) throw forbidden("Only the user and staff may see a user's orders.");
    return loaders.ordersByUser.load(parent.id, args, { count: selectsField(info, 'totalCount'), wanted: selectedBelow(info, NODE) });
  },
};
