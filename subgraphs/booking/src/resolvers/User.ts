import { findConnection, forbidden, isStaff, requireUser } from '@marquee/platform';
import type { UserResolvers } from '../__generated__/resolvers-types.js';
import { Booking } from '../entities/Booking.js';

export const User: UserResolvers = {
  // Booking only knows a user's id; auth owns everything else about them.
  __resolveReference: ({ id }) => ({ __typename: 'User', id }),
  bookings: (parent, args, { user, em }) => {
    const caller = requireUser(user);
    if (caller.id !== parent.id && !isStaff(caller)) throw forbidden("Only the user and staff may see a user's bookings.");
    return findConnection(em, Booking, { userId: parent.id }, args, { createdAt: 'desc', id: 'desc' });
  },
};
