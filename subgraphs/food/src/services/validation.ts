import { badUserInput, isUuid, parseMoney } from '@marquee/platform';

/** A trimmed text of 1 to `max` characters, or BAD_USER_INPUT naming the field. */
export function requiredText(value: string, field: string, max = 200): string {
  const text = value.trim();
  if (text.length < 1 || text.length > max) throw badUserInput(`${field} must be 1 to ${max} characters.`, field);
  return text;
}

/** Like requiredText, but blank becomes null. */
export function optionalText(value: string | null | undefined, field: string, max = 1000): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requiredText(value, field, max);
}

export function requiredId(value: string, field: string): string {
  if (!isUuid(value)) throw badUserInput(`${field} is not a valid id.`, field);
  return value;
}

export function price(value: string, field = 'price'): string {
  const money = parseMoney(value);
  if (money.startsWith('-')) throw badUserInput('A price cannot be negative.', field);
  return money;
}
