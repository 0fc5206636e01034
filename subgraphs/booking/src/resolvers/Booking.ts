import type { BookingResolvers } from '../__generated__/resolvers-types.js';
import { canSeeBooking } from '../services/bookings.js';
import { userReference } from '../user-reference.js';
import { presentRow } from './present.js';

export const Booking: BookingResolvers = {
  // Another subgraph (food's Order.booking) may point at any booking; only its owner and staff see it.
  __resolveReference: async ({ id }, { loaders, user }) => {
    const booking = await loaders.bookingById.load(id);
    return booking && canSeeBooking(user, booking) ? booking : null;
  },
  user: (booking) => userReference(booking.userId),
  showing: (booking, _args, { loaders }) => presentRow(loaders.showingById, booking.showing.id, 'showing'),
  seats: async (booking, _args, { loaders }) => (await loaders.seatsByBooking.load(booking.id)).map((row) => row.seat),
};
