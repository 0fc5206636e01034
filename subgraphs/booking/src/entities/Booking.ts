import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import { Showing } from './Showing.js';

export const BOOKING_STATUSES = ['CONFIRMED', 'CANCELLED', 'REFUNDED'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export class Booking {
  id: string = randomUUID();
  bookingNumber!: string;
  /** The auth subgraph's user id; no foreign key across databases. */
  userId!: string;
  showing!: Ref<Showing>;
  totalPrice!: string;
  status: Opt<BookingStatus> = 'CONFIRMED';
  createdAt: Opt<Date> = new Date();
  updatedAt: Opt<Date> = new Date();
}

export const BookingSchema = new EntitySchema<Booking>({
  class: Booking,
  tableName: 'bookings',
  indexes: [
    { name: 'bookings_user_index', properties: ['userId', 'createdAt', 'id'] },
    { name: 'bookings_showing_index', properties: ['showing'] },
  ],
  checks: [
    { name: 'bookings_total_price_check', expression: 'total_price >= 0' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    bookingNumber: { type: 'text', unique: 'bookings_number_unique' },
    userId: { type: 'uuid' },
    showing: { kind: 'm:1', entity: () => Showing, ref: true, deleteRule: 'restrict' },
    totalPrice: { type: 'decimal', precision: 10, scale: 2 },
    status: { enum: true, items: () => [...BOOKING_STATUSES] },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    updatedAt: { type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() },
  },
});
