import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import { Booking } from './Booking.js';
import { Seat } from './Seat.js';
import { Showing } from './Showing.js';

/**
 * One seat of one booking. `active` is true while the booking holds the seat (CONFIRMED); it is
 * switched off in the same transaction that cancels or refunds the booking. The partial unique
 * index over (showing, seat) of active rows is what makes selling a seat twice impossible.
 */
export class BookingSeat {
  id: string = randomUUID();
  booking!: Ref<Booking>;
  showing!: Ref<Showing>;
  seat!: Ref<Seat>;
  /** What this seat cost at booking time. */
  price!: string;
  active: Opt<boolean> = true;
}

export const BookingSeatSchema = new EntitySchema<BookingSeat>({
  class: BookingSeat,
  tableName: 'booking_seats',
  indexes: [
    { name: 'booking_seats_booking_index', properties: ['booking'] },
    {
      name: 'booking_seats_active_unique',
      expression:
        'create unique index "booking_seats_active_unique" on "booking_seats" ("showing_id", "seat_id") where active',
    },
  ],
  uniques: [{ name: 'booking_seats_booking_seat_unique', properties: ['booking', 'seat'] }],
  checks: [{ name: 'booking_seats_price_check', expression: 'price >= 0' }],
  properties: {
    id: { type: 'uuid', primary: true },
    booking: { kind: 'm:1', entity: () => Booking, ref: true, deleteRule: 'cascade' },
    showing: { kind: 'm:1', entity: () => Showing, ref: true, deleteRule: 'restrict' },
    seat: { kind: 'm:1', entity: () => Seat, ref: true, deleteRule: 'restrict' },
    price: { type: 'decimal', precision: 10, scale: 2 },
    active: { type: 'boolean', default: true },
  },
});
