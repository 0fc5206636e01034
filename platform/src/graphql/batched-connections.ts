import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Cursor, type EntityDictionary, type EntityName, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import { isUuid } from './loaders.js';
import { assertCursorOf, pageSize, type Connection, type PageArgs } from './pagination.js';

export interface BatchedConnectionsOptions<T> {
  entity: EntityName<T>;
  /** The property naming the parent: a many-to-one or a uuid column (`category`, `userId`). */
  parent: string;
  /** Scalar properties only, ending in a unique one (the id), as for findConnection. */
  orderBy: QueryOrderMap<T>;
  /** A filter every page and count keeps, beyond the parent. */
  where?: FilterQuery<T>;
}

export interface BatchedConnections<T> {
  /** One parent's page; every call in one tick shares one page statement (per distinct first/after) and one count. */
  load(parentId: string, args: PageArgs): Promise<Connection<T>>;
}

interface PageKey {
  parentId: string;
  first: number;
  after: string | null;
}

/** The column that numbers each parent's rows in the page statement; not a property of any entity. */
const POSITION = '__position';

/**
 * `findConnection` for a list under each of many parents (`Category.products`, `User.orders`):
 * the pages of all parents in one statement (`row_number() over (partition by parent ...)`,
 * keeping first + 1 rows per parent after the cursor) and their totals in one grouped count, so a
 * query's SQL count does not grow with the number of parents. Cursors, hasNextPage, the cap on
 * `first` and the BAD_USER_INPUT for a foreign `after` are exactly findConnection's.
 * Create one per request (in createLoaders): it caches like any DataLoader.
 */
export function batchedConnections<T extends object>(em: EntityManager, options: BatchedConnectionsOptions<T>): BatchedConnections<T> {
  const meta = em.getMetadata().find<T>(options.entity);
  if (!meta) throw new Error('batchedConnections needs a registered entity');
  const column = (property: string): string => {
    const field = (meta.properties as Record<string, { fieldNames?: string[] } | undefined>)[property]?.fieldNames?.[0];
    if (!field) throw new Error(`${meta.className} has no column for ${property}`);
    return field;
  };
  const parentColumn = column(options.parent);
  const order = Object.entries(options.orderBy).map(([property, direction]) => ({
    property,
    column: column(property),
    desc: String(direction).toLowerCase() === 'desc',
  }));
  // MikroORM's own cursor encoder, so cursors are interchangeable with findConnection's.
  const cursors = new Cursor<T>([], 0, { orderBy: options.orderBy }, meta);

  const whereOf = (parentIds: string[], cursor?: Condition) =>
    ({ $and: [{ [options.parent]: { $in: parentIds } }, options.where ?? {}, cursor ?? {}] }) as unknown as FilterQuery<T>;

  const counts = new DataLoader<string, number>(async (parentIds) => {
    const query = em
      .createQueryBuilder(options.entity, 'e')
      .where(whereOf([...parentIds]))
      .getKnexQuery()
      .clearSelect()
      .clearOrder()
      .select({ parent: `e.${parentColumn}` })
      .count({ count: '*' })
      .groupBy(`e.${parentColumn}`);
    const rows = await em.getConnection().execute<{ parent: string; count: string | number }[]>(query);
    const byParent = new Map(rows.map((row) => [row.parent, Number(row.count)]));
    return parentIds.map((id) => byParent.get(id) ?? 0);
  });

  /** All parents asking for the same page (first, after): one statement. */
  async function loadPages(parentIds: string[], first: number, after: string | null): Promise<Map<string, T[]>> {
    const knex = em.getKnex();
    const cursorCondition = after ? afterCondition(order, Cursor.decode(after) as unknown[]) : undefined;
    const numbered = em
      .createQueryBuilder(options.entity, 'e')
      .select('*')
      .where(whereOf(parentIds, cursorCondition))
      .getKnexQuery()
      .clearOrder()
      .select(
        knex.raw(`row_number() over (partition by ?? order by ${order.map((o) => `?? ${o.desc ? 'desc' : 'asc'}`).join(', ')}) as ??`, [
          `e.${parentColumn}`,
          ...order.map((o) => `e.${o.column}`),
          POSITION,
        ]),
      );
    const query = knex
      .select('*')
      .from(numbered.as('numbered'))
      .where(POSITION, '<=', first + 1)
      .orderBy([{ column: parentColumn }, { column: POSITION }]);
    const rows = await em.getConnection().execute<Record<string, unknown>[]>(query);
    const pages = new Map<string, T[]>();
    for (const { [POSITION]: _position, ...row } of rows) {
      const parentId = String(row[parentColumn]);
      const node = em.map(options.entity, row as EntityDictionary<T>);
      pages.set(parentId, [...(pages.get(parentId) ?? []), node]);
    }
    return pages;
  }

  const keyOf = (key: PageKey) => JSON.stringify([key.first, key.after]);
  const pages = new DataLoader<PageKey, T[], string>(
    async (keys) => {
      const groups = new Map<string, { first: number; after: string | null; parentIds: Set<string> }>();
      for (const key of keys) {
        const group = groups.get(keyOf(key)) ?? { first: key.first, after: key.after, parentIds: new Set<string>() };
        group.parentIds.add(key.parentId);
        groups.set(keyOf(key), group);
      }
      const found = new Map<string, Map<string, T[]>>();
      await Promise.all(
        [...groups].map(async ([groupKey, group]) => {
          found.set(groupKey, await loadPages([...group.parentIds], group.first, group.after));
        }),
      );
      return keys.map((key) => found.get(keyOf(key))?.get(key.parentId) ?? []);
    },
    { cacheKeyFn: (key) => JSON.stringify([key.parentId, key.first, key.after]) },
  );

  return {
    async load(parentId, args) {
      const first = pageSize(args.first);
      if (args.after) assertCursorOf(args.after, options.orderBy);
      // Not a uuid: no row can name it as a parent.
      if (!isUuid(parentId)) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
      const [rows, totalCount] = await Promise.all([
        pages.load({ parentId, first, after: args.after ?? null }),
        counts.load(parentId),
      ]);
      const edges = rows.slice(0, first).map((node) => ({ cursor: cursors.from(node), node }));
      return {
        edges,
        pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        totalCount,
      };
    },
  };
}

type Condition = Record<string, unknown>;

/** Rows after the cursor in this order: MikroORM's keyset condition (a > x or (a = x and (b > y ...))). */
function afterCondition(order: { property: string; desc: boolean }[], values: unknown[]): Condition {
  const [head, ...rest] = order;
  const [value, ...restValues] = values;
  if (!head) return {};
  const operator = head.desc ? '$lt' : '$gt';
  if (rest.length === 0) return { [head.property]: { [operator]: value } };
  return {
    [head.property]: { [`${operator}e`]: value },
    $or: [{ [head.property]: { [operator]: value } }, afterCondition(rest, restValues)],
  };
}
