import { badUserInput, moneyToCents, parseMoney } from '@marquee/platform';

export const MAX_NAME_LENGTH = 200;
export const MAX_SLUG_LENGTH = 100;
const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Trims a name and checks it is 1 to 200 characters. */
export function validName(name: string, field = 'name'): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > MAX_NAME_LENGTH) {
    throw badUserInput(`Name must be 1 to ${MAX_NAME_LENGTH} characters.`, field);
  }
  return trimmed;
}

/** Blank descriptions are stored as none. */
export function validDescription(description: string | null | undefined): string | null {
  const trimmed = description?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Positive, at most two decimals (the Money scalar already refused more decimals). */
export function validPrice(price: string): string {
  let money: string;
  try {
    money = parseMoney(price);
  } catch {
    throw badUserInput('Price must be an amount with at most two decimals, like "12.50".', 'price');
  }
  if (moneyToCents(money) <= 0) throw badUserInput('Price must be more than zero.', 'price');
  return money;
}

/** "Ça & Co. Snacks!" → "ca-co-snacks": accents dropped, anything else becomes one dash. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
}

export function validSlug(slug: string): string {
  const trimmed = slug.trim();
  if (trimmed.length > MAX_SLUG_LENGTH || !SLUG_PATTERN.test(trimmed)) {
    throw badUserInput(
      `Slug must be up to ${MAX_SLUG_LENGTH} lower-case letters, digits and single dashes, like "hot-drinks".`,
      'slug',
    );
  }
  return trimmed;
}

/** The slug given, or one made from the name; a name with no letter or digit needs a slug. */
export function slugFor(name: string, slug: string | null | undefined): string {
  if (slug !== null && slug !== undefined) return validSlug(slug);
  const generated = slugify(name);
  if (generated === '') throw badUserInput('This name has no letters or digits to make a slug from; give a slug.', 'slug');
  return generated;
}
