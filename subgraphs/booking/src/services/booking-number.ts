import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for each other when read aloud (no 0/O, 1/I/L, U/V). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTWXYZ23456789';

/**
 * A booking number like "K7P-4XM": 6 random symbols of 29, about 595 million numbers. The
 * unique constraint catches the rare repeat and the caller draws again.
 */
export function newBookingNumber(): string {
  const symbols = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${symbols.slice(0, 3)}-${symbols.slice(3)}`;
}
