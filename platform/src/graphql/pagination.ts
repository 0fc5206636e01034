import type { EntityManager } from '@mikro-orm/postgresql';
import { Cursor, type EntityName, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import { badUserInput } from '../errors.js';

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
): Promise<Connection<T>> {
  const first = pageSize(args.first);
  if (args.after) assertCursorOf(args.after, orderBy);
  const cursor = await em.findByCursor(entity, where, {
    first,
    after: args.after ?? undefined,
    orderBy,
    includeCount: true,
  });
  const edges = cursor.items.map((node) => ({ cursor: cursor.from(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: cursor.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: cursor.totalCount,
  };
}

/** A cursor is ours when it decodes to one value per ordering column; anything else is the caller's mistake. */
export function assertCursorOf<T>(after: string, orderBy: QueryOrderMap<T>): void {
  let values: unknown;
  try {
    values = Cursor.decode(after);
  } catch {
    values = undefined;
  }
  const ok = Array.isArray(values) && values.length === Object.keys(orderBy).length && values.every((v) => v instanceof Date || (v !== null && typeof v !== 'object'));
  if (!ok) throw badUserInput('after is not a cursor from this list.', 'after');
}
