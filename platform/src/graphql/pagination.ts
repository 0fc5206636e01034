import type { EntityManager } from '@mikro-orm/postgresql';
import { Cursor, type EntityMetadata, type EntityName, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import { badUserInput } from '../errors.js';
import { isUuid } from './loaders.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be from 0 to ${MAX_PAGE_SIZE}.`, 'first');
  }
  return first;
}

/**
 * A Relay connection by keyset pagination (MikroORM's findByCursor): stable under inserts,
 * one page query plus one count. `orderBy` must end in a unique column (the id).
 */
export async function findConnection<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  orderBy: QueryOrderMap<T>,
  options: CountOption = {},
): Promise<Connection<T>> {
  const first = pageSize(args.first);
  if (args.after) assertCursorOf(args.after, orderBy, em.getMetadata().find<T>(entity) ?? undefined);
  const cursor = await em.findByCursor(entity, where, {
    first,
    after: args.after ?? undefined,
    orderBy,
    includeCount: options.count !== false,
  });
  const edges = cursor.items.map((node) => ({ cursor: cursor.from(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: cursor.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: options.count === false ? NOT_COUNTED : (cursor.totalCount ?? 0),
  };
}

export interface CountOption {
  /**
   * Count the rows for `totalCount` (default true). Resolvers pass `selectsField(info, 'totalCount')`:
   * a page nobody asks the total of costs one statement, not two.
   */
  count?: boolean;
}

/**
 * `totalCount` of a connection whose query did not select it: never served (GraphQL only reads
 * selected fields), and should it ever be, Int serialization refuses NaN loudly instead of
 * answering a wrong number.
 */
export const NOT_COUNTED = Number.NaN;

type PropertyMeta = { kind?: string; runtimeType?: string; columnTypes?: string[]; type?: unknown };

/** The longest text a cursor value may carry (a name, a title): anything longer was not made here. */
const MAX_CURSOR_TEXT = 1000;
const EARLIEST = new Date('0001-01-01T00:00:00Z').getTime();
const LATEST = new Date('9999-12-31T23:59:59.999Z').getTime();

/** True when `value` could have come from a column of this property (as MikroORM's Cursor encodes it). */
function fitsProperty(value: unknown, prop: PropertyMeta | undefined): boolean {
  const columnType = String(prop?.columnTypes?.[0] ?? prop?.type ?? '').toLowerCase();
  if (prop?.kind === 'm:1' || prop?.kind === '1:1' || columnType === 'uuid') return typeof value === 'string' && isUuid(value);
  switch (prop?.runtimeType) {
    case 'Date':
      return value instanceof Date && value.getTime() >= EARLIEST && value.getTime() <= LATEST;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && (!/int|serial/.test(columnType) || Number.isSafeInteger(value));
    case 'bigint':
      return (typeof value === 'string' && /^-?\d{1,19}$/.test(value)) || Number.isSafeInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      if (/numeric|decimal/.test(columnType)) return (typeof value === 'string' && /^-?\d{1,30}(\.\d{1,30})?$/.test(value)) || (typeof value === 'number' && Number.isFinite(value));
      return typeof value === 'string' && value.length <= MAX_CURSOR_TEXT && !value.includes('\u0000');
    default:
      // A column type this check does not know: only scalars, as before.
      return value instanceof Date || (value !== null && typeof value !== 'object');
  }
}

/**
 * A cursor is ours when it decodes to one value per ordering column, each of that column's type
 * (a uuid for an id, a date for a timestamp...). Anything else is the caller's mistake, refused
 * here rather than failing in the database: `["x","x"]` where a date and an id are expected.
 */
export function assertCursorOf<T>(after: string, orderBy: QueryOrderMap<T>, meta?: EntityMetadata<T>): void {
  let values: unknown;
  try {
    values = after.length <= 4 * MAX_CURSOR_TEXT ? Cursor.decode(after) : undefined;
  } catch {
    values = undefined;
  }
  const properties = meta?.properties as Record<string, PropertyMeta | undefined> | undefined;
  const keys = Object.keys(orderBy);
  const ok =
    Array.isArray(values) &&
    values.length === keys.length &&
    values.every((value: unknown, index) =>
      properties ? fitsProperty(value, properties[keys[index]!]) : value instanceof Date || (value !== null && typeof value !== 'object'),
    );
  if (!ok) throw badUserInput('after is not a cursor from this list.', 'after');
}
