import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput } from '../errors.js';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/;
/** What every store and driver on the way can hold: years 0001 to 9999 (PostgreSQL has no year 0). */
const EARLIEST = new Date('0001-01-01T00:00:00Z').getTime();
const LATEST = new Date('9999-12-31T23:59:59.999Z').getTime();

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) => [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;

/**
 * A calendar-correct ISO 8601 instant with an offset, from 0001 to 9999. JavaScript's Date would
 * roll "02-30" into March and accept year 0000, which PostgreSQL then refuses in the driver.
 */
function parseDateTime(value: unknown): Date {
  const match = typeof value === 'string' && value.length <= 40 ? DATE_TIME.exec(value) : null;
  if (match) {
    const [year, month, day, hour, minute, second = 0] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
    const offsetHours = Number(match[10] ?? 0);
    const offsetMinutes = Number(match[11] ?? 0);
    const fieldsOk =
      year! >= 1 && month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysIn(year!, month!) &&
      hour! <= 23 && minute! <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
    const date = fieldsOk ? new Date(value as string) : undefined;
    if (date && !Number.isNaN(date.getTime()) && date.getTime() >= EARLIEST && date.getTime() <= LATEST) return date;
  }
  const shown = typeof value === 'string' && value.length > 40 ? `${value.slice(0, 40)}...` : String(value);
  throw badUserInput(`"${shown}" is not an ISO 8601 date-time with a time zone from year 0001 to 9999, like 2026-01-31T18:30:00Z.`);
}

/** ISO 8601 in UTC on the way out; any ISO 8601 instant with an offset on the way in. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in time, ISO 8601 in UTC, e.g. 2026-01-31T18:30:00.000Z.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`Cannot serialize ${String(value)} as DateTime`);
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badUserInput('DateTime must be a string.');
    return parseDateTime(ast.value);
  },
});

const MONEY_PATTERN = /^-?\d{1,10}(\.\d{1,2})?$/;
const TWO_PLACES = /^-?\d{1,10}\.\d{2}$/;

/** Normalizes a decimal to two places ("12.5" → "12.50") or refuses it. */
export function parseMoney(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !MONEY_PATTERN.test(text.trim())) {
    throw badUserInput(`"${String(value)}" is not an amount of money with at most two decimals, like "12.50".`);
  }
  const [whole, fraction = ''] = text.trim().split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** Money travels as a decimal string with two places; never a float. Totals are server-side. */
export const MoneyScalar = new GraphQLScalarType<string, string>({
  name: 'Money',
  description: 'An amount of money as a decimal string with two places, e.g. "12.50".',
  // Decimals read from numeric(…, 2) columns already have their two places: passed as they are.
  serialize: (value) => (typeof value === 'string' && TWO_PLACES.test(value) ? value : parseMoney(value)),
  parseValue: parseMoney,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT && ast.kind !== Kind.FLOAT) {
      throw badUserInput('Money must be a decimal string like "12.50".');
    }
    return parseMoney(ast.value);
  },
});

/** Money as integer cents for arithmetic, so sums never pick up binary float error. */
export const moneyToCents = (money: string): number => Math.round(Number(parseMoney(money)) * 100);
export const centsToMoney = (cents: number): string => {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};
