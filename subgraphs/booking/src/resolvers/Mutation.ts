import { requireRole, requireUser } from '@marquee/platform';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { bookSeats, cancelBooking, refundBooking } from '../services/bookings.js';
import { createMovie, createShowing, createTheater, updateMovie } from '../services/catalog.js';

export const Mutation: MutationResolvers = {
  createTheater: (_parent, { input }, { em, user }) => {
    requireRole(user, 'ADMIN');
    return createTheater(em, input);
  },
  createMovie: (_parent, { input }, { em, user }) => {
    requireRole(user, 'ADMIN');
    return createMovie(em, input);
  },
  updateMovie: (_parent, { id, input }, { em, user }) => {
    requireRole(user, 'ADMIN');
    return updateMovie(em, id, input);
  },
  createShowing: (_parent, { input }, { em, user }) => {
    requireRole(user, 'ADMIN');
    return createShowing(em, input);
  },
  bookSeats: (_parent, { input }, { em, user }) => bookSeats(em, requireUser(user), input),
  cancelBooking: (_parent, { id }, { em, user }) => cancelBooking(em, requireUser(user), id),
  refundBooking: (_parent, { id }, { em, user }) => {
    requireRole(user, 'ADMIN');
    return refundBooking(em, id);
  },
};
