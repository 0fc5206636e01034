import type { SeatView } from '../views.js';

/** Rows in reading order (A..Z, then AA..), seats by number: how a seat map is drawn. */
export function bySeatPosition(a: Pick<SeatView, 'row' | 'number'>, b: Pick<SeatView, 'row' | 'number'>): number {
  return a.row.length - b.row.length || a.row.localeCompare(b.row) || a.number - b.number;
}
