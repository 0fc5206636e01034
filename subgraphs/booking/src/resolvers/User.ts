import { forbidden, isStaff, requireUser, selectedBelow, selectsField } from '@marquee/platform';
import type { UserResolvers } from '../__generated__/resolvers-types.js';

const NODE = ['edges', 'node'];

export const User: UserResolvers = {
  // Booking only knows a user's id; auth owns everything else about them.
  __resolveReference: ({ id }) => ({ __typename: 'User', id }),
  bookings: (parent, args, { user, loaders }, info) => {
    const caller = requireUser(user);
    if (caller.id !== parent.id && !isStaff(caller)) throw forbidden("Only the user and staff may see a user's bookings.");
    return loaders.bookingsByUser.load(parent.id, args, { count: selectsField(info, 'totalCount'), wanted: selectedBelow(info, NODE) });
  },
};
