import { centsToMoney, moneyToCents } from '@marquee/platform';
import type { SeatType } from '../entities/Seat.js';

/** PREMIUM seats cost this much more than the showing's price (STANDARD and ACCESSIBLE pay the price). */
export const PREMIUM_SURCHARGE_PERCENT = 50;

/** What one seat of a showing costs, in cents: the surcharge is rounded half up to the cent. */
export function seatPriceCents(showingPrice: string, type: SeatType): number {
  const cents = moneyToCents(showingPrice);
  return type === 'PREMIUM' ? Math.round((cents * (100 + PREMIUM_SURCHARGE_PERCENT)) / 100) : cents;
}

export const seatPrice = (showingPrice: string, type: SeatType): string => centsToMoney(seatPriceCents(showingPrice, type));
