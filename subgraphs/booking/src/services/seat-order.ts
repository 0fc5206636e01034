import type { Seat } from '../entities/Seat.js';

/** Rows in reading order (A..Z, then AA..), seats by number: how a seat map is drawn. */
export function bySeatPosition(a: Seat, b: Seat): number {
  return a.row.length - b.row.length || a.row.localeCompare(b.row) || a.number - b.number;
}
