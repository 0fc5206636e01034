import { changeEntity, requireRole, requireUser, type Outbox } from '@marquee/platform';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { bookSeats, cancelBooking, refundBooking } from '../services/bookings.js';
import { createMovie, createShowing, createTheater, updateMovie } from '../services/catalog.js';

const idOf = (entity: { id: string }) => entity.id;

/**
 * Every change writes its events through the outbox, in its own transaction: `entity.changed` for
 * theaters, movies and showings (seat changes too: a showing's available seats), which the router's
 * caches follow, and the showing's seat event for live seat maps.
 */
export const createMutation = (outbox: Outbox): MutationResolvers => ({
  createTheater: (_parent, { input }, { em, user }) => {
    requireRole(user, 'ADMIN');
    return changeEntity(outbox, em, 'Theater', idOf, (tx) => createTheater(tx, input));
  },
  createMovie: (_parent, { input }, { em, user }) => {
    requireRole(user, 'ADMIN');
    return changeEntity(outbox, em, 'Movie', idOf, (tx) => createMovie(tx, input));
  },
  updateMovie: (_parent, { id, input }, { em, user }) => {
    requireRole(user, 'ADMIN');
    return changeEntity(outbox, em, 'Movie', idOf, (tx) => updateMovie(tx, id, input));
  },
  createShowing: (_parent, { input }, { em, user }) => {
    requireRole(user, 'ADMIN');
    return changeEntity(outbox, em, 'Showing', idOf, (tx) => createShowing(tx, input));
  },
  bookSeats: (_parent, { input }, { em, user }) => bookSeats(em, outbox, requireUser(user), input),
  cancelBooking: (_parent, { id }, { em, user }) => cancelBooking(em, outbox, requireUser(user), id),
  refundBooking: (_parent, { id }, { em, user }) => {
    requireRole(user, 'ADMIN');
    return refundBooking(em, outbox, id);
  },
});
