import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput } from '../errors.js';

function parseDateTime(value: unknown): Date {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw badUserInput(`"${String(value)}" is not an ISO 8601 date-time with a time zone, like 2026-01-31T18:30:00Z.`);
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
  serialize: (value) => parseMoney(value),
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
