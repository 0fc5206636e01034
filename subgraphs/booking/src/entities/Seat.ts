import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import { Theater } from './Theater.js';

export const SEAT_TYPES = ['STANDARD', 'PREMIUM', 'ACCESSIBLE'] as const;
export type SeatType = (typeof SEAT_TYPES)[number];

/** A physical seat; created with its theater and never moved, so bookings can point at it. */
export class Seat {
  id: string = randomUUID();
  theater!: Ref<Theater>;
  row!: string;
  number!: number;
  type: Opt<SeatType> = 'STANDARD';
}

export const SeatSchema = new EntitySchema<Seat>({
  class: Seat,
  tableName: 'seats',
  uniques: [{ name: 'seats_position_unique', properties: ['theater', 'row', 'number'] }],
  checks: [{ name: 'seats_number_check', expression: 'number > 0' }],
  properties: {
    id: { type: 'uuid', primary: true },
    theater: { kind: 'm:1', entity: () => Theater, ref: true, deleteRule: 'cascade' },
    row: { type: 'text' },
    number: { type: 'integer' },
    type: { enum: true, items: () => [...SEAT_TYPES] },
  },
});
