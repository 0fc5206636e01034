import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput, centsToMoney, conflict, isStaff, isUuid, notFound, type AuthUser, type Outbox } from '@marquee/platform';
import { Booking, type BookingStatus } from '../entities/Booking.js';
import { BookingSeat } from '../entities/BookingSeat.js';
import { Seat } from '../entities/Seat.js';
import { Showing } from '../entities/Showing.js';
import { newBookingNumber } from './booking-number.js';
import { DEADLOCK_DETECTED, UNIQUE_VIOLATION, violates } from './database-errors.js';
import { seatPriceCents } from './pricing.js';
import { seatEvents } from './seat-events.js';

export const MAX_SEATS_PER_BOOKING = 10;
const ATTEMPTS = 5;

export interface BookSeatsInput {
  showingId: string;
  seatIds: string[];
}

/** Owner or staff; everyone else is told the booking does not exist. */
export const canSeeBooking = (user: AuthUser | null, booking: Pick<Booking, 'userId'>): boolean =>
  user !== null && (booking.userId === user.id || isStaff(user));

/** Seat ids among `seatIds` that a CONFIRMED booking of the showing holds right now. */
async function takenSeatIds(em: EntityManager, showingId: string, seatIds: string[]): Promise<string[]> {
  const rows = await em.getConnection().execute<{ seat_id: string }[]>(
    em.getKnex().select('seat_id').from('booking_seats').where({ showing_id: showingId, active: true }).whereIn('seat_id', seatIds),
  );
  return rows.map((row) => row.seat_id).sort();
}

const seatsTaken = (seatIds: string[]) =>
  conflict(
    seatIds.length === 1 ? 'This seat has just been taken.' : `${seatIds.length} of these seats are already taken.`,
    { seatIds },
  );

/**
 * Books all the seats or none. The partial unique index over active (showing, seat) pairs is
 * the guarantee: of two requests for one seat, the second insert fails and its transaction
 * rolls back whole. Seats are inserted in id order so overlapping requests lock alike and
 * cannot deadlock each other. The showing's seat event commits with the seats (the outbox).
 */
export async function bookSeats(em: EntityManager, outbox: Outbox, user: AuthUser, input: BookSeatsInput, now = new Date()): Promise<Booking> {
  const seatIds = [...new Set(input.seatIds)].sort();
  if (seatIds.length !== input.seatIds.length) throw badUserInput('Each seat may be listed once.', 'seatIds');
  if (seatIds.length < 1 || seatIds.length > MAX_SEATS_PER_BOOKING) {
    throw badUserInput(`Book 1 to ${MAX_SEATS_PER_BOOKING} seats at a time.`, 'seatIds');
  }
  const showing = isUuid(input.showingId) ? await em.findOne(Showing, { id: input.showingId }) : null;
  if (!showing) throw badUserInput('No showing with this id.', 'showingId');
  if (showing.startsAt.getTime() <= now.getTime()) throw badUserInput('This showing has already started.', 'showingId');

  const seats = seatIds.every(isUuid) ? await em.find(Seat, { id: { $in: seatIds }, theater: showing.theater.id }) : [];
  if (seats.length !== seatIds.length) {
    const known = new Set(seats.map((seat) => seat.id));
    throw badUserInput("Some seats are not in this showing's theater.", 'seatIds', {
      seatIds: seatIds.filter((id) => !known.has(id)),
    });
  }
  seats.sort((a, b) => a.id.localeCompare(b.id));

  // Answers the common case without a failed insert; the index still decides every race.
  const alreadyTaken = await takenSeatIds(em, showing.id, seatIds);
  if (alreadyTaken.length > 0) throw seatsTaken(alreadyTaken);

  const prices = seats.map((seat) => seatPriceCents(showing.price, seat.type));
  const totalPrice = centsToMoney(prices.reduce((sum, cents) => sum + cents, 0));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await outbox.transactional(em, async (tx, events) => {
        const booking = tx.create(Booking, {
          bookingNumber: newBookingNumber(),
          userId: user.id,
          showing: showing.id,
          totalPrice,
        });
        seats.forEach((seat, index) =>
          tx.create(BookingSeat, { booking, showing: showing.id, seat, price: centsToMoney(prices[index] as number) }),
        );
        for (const event of seatEvents(showing.id, seatIds, 'BOOKED')) events.add(event);
        return booking;
      });
    } catch (error) {
      if (violates(error, UNIQUE_VIOLATION, 'booking_seats_active_unique')) {
        const taken = await takenSeatIds(em, showing.id, seatIds);
        // The winner may have cancelled already; then the seats are free and a retry can win.
        if (taken.length > 0 || attempt >= ATTEMPTS) throw seatsTaken(taken.length > 0 ? taken : seatIds);
        continue;
      }
      const retryable = violates(error, UNIQUE_VIOLATION, 'bookings_number_unique') || violates(error, DEADLOCK_DETECTED);
      if (retryable && attempt < ATTEMPTS) continue;
      throw error;
    }
  }
}

/** The booking if `user` may see it; NOT_FOUND for a missing one and someone else's alike. */
export async function findVisibleBooking(em: EntityManager, user: AuthUser, id: string): Promise<Booking> {
  const booking = isUuid(id) ? await em.findOne(Booking, { id }) : null;
  if (!booking || !canSeeBooking(user, booking)) throw notFound('No booking with this id.');
  return booking;
}

/**
 * Moves the booking from one of `from` to `to` and frees its seats, in one transaction with the
 * showing's seat event (when seats were still held). The status condition in the UPDATE makes two
 * simultaneous changes resolve to one.
 */
async function changeStatus(
  em: EntityManager,
  outbox: Outbox,
  booking: Booking,
  from: BookingStatus[],
  to: 'CANCELLED' | 'REFUNDED',
): Promise<Booking> {
  const changed = await outbox.transactional(em, async (tx, events) => {
    const updated = await tx.nativeUpdate(Booking, { id: booking.id, status: { $in: from } }, { status: to, updatedAt: new Date() });
    if (updated === 0) return false;
    const freed = await tx.execute<{ seat_id: string }[]>(
      tx.getKnex().from('booking_seats').where({ booking_id: booking.id, active: true }).update({ active: false }).returning('seat_id'),
    );
    if (freed.length > 0) for (const event of seatEvents(booking.showing.id, freed.map((row) => row.seat_id), to)) events.add(event);
    return true;
  });
  if (!changed) throw conflict(`This booking is already ${(await em.refreshOrFail(booking)).status.toLowerCase()}.`);
  return em.refreshOrFail(booking);
}

/** The owner or staff, before the showing starts. */
export async function cancelBooking(em: EntityManager, outbox: Outbox, user: AuthUser, id: string, now = new Date()): Promise<Booking> {
  const booking = await findVisibleBooking(em, user, id);
  const showing = await em.findOneOrFail(Showing, { id: booking.showing.id });
  if (showing.startsAt.getTime() <= now.getTime()) {
    throw conflict('The showing has already started; this booking can no longer be cancelled.');
  }
  if (booking.status !== 'CONFIRMED') throw conflict(`This booking is already ${booking.status.toLowerCase()}.`);
  return changeStatus(em, outbox, booking, ['CONFIRMED'], 'CANCELLED');
}

/** ADMIN and up (checked by the caller): any booking not refunded yet, before or after the showing. */
export async function refundBooking(em: EntityManager, outbox: Outbox, id: string): Promise<Booking> {
  const booking = isUuid(id) ? await em.findOne(Booking, { id }) : null;
  if (!booking) throw notFound('No booking with this id.');
  if (booking.status === 'REFUNDED') throw conflict('This booking is already refunded.');
  return changeStatus(em, outbox, booking, ['CONFIRMED', 'CANCELLED'], 'REFUNDED');
}
