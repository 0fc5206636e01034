import { conflict, notFound, type AuthUser } from '@marquee/platform';
import type { BookingCaller, BookingClient } from './booking-client.js';

/**
 * An order may name only the customer's own CONFIRMED booking. Booking shows staff every
 * booking, so ownership is checked here too: staff order for themselves, not on others' tickets.
 * Runs before the order's transaction and holds no lock; a booking cancelled in the moment
 * between this check and the commit keeps its order (the two live in different databases).
 */
export async function requireOwnConfirmedBooking(
  bookings: BookingClient,
  user: AuthUser,
  bookingId: string,
  caller: BookingCaller,
): Promise<void> {
  const booking = await bookings.visibleBooking(bookingId, caller);
  if (!booking || booking.userId !== user.id) {
    throw notFound('You have no booking with this id.', { field: 'bookingId' });
  }
  if (booking.status !== 'CONFIRMED') {
    throw conflict(`This booking is ${booking.status.toLowerCase()}; only a confirmed booking can go on an order.`, {
      field: 'bookingId',
      status: booking.status,
    });
  }
}
