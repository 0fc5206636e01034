import { badUserInput, moneyToCents, parseMoney } from '@marquee/platform';

/** Far below PostgreSQL's integer limit, so sums of quantities never overflow. */
export const MAX_QUANTITY = 1_000_000_000;
const MAX_TEXT_LENGTH = 200;

export function validQuantity(value: number, field: string, min = 0): number {
  if (!Number.isInteger(value) || value < min || value > MAX_QUANTITY) {
    throw badUserInput(`${field} must be a whole number from ${min} to ${MAX_QUANTITY}.`, field);
  }
  return value;
}

export function validDelta(delta: number): number {
  if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > MAX_QUANTITY) {
    throw badUserInput(`delta must be a whole number other than zero, at most ${MAX_QUANTITY} either way.`, 'delta');
  }
  return delta;
}

export function validUnitCost(value: string): string {
  let money: string;
  try {
    money = parseMoney(value);
  } catch {
    throw badUserInput('Unit cost must be an amount with at most two decimals, like "1.20".', 'unitCost');
  }
  if (moneyToCents(money) < 0) throw badUserInput('Unit cost cannot be negative.', 'unitCost');
  return money;
}

/** A blank supplier clears it. */
export function validSupplier(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed.length > MAX_TEXT_LENGTH) throw badUserInput(`Supplier must be at most ${MAX_TEXT_LENGTH} characters.`, 'supplier');
  return trimmed === '' ? null : trimmed;
}

export function validReason(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > MAX_TEXT_LENGTH) {
    throw badUserInput(`Reason must be 1 to ${MAX_TEXT_LENGTH} characters.`, 'reason');
  }
  return trimmed;
}
