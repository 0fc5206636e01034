import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Cursor, type EntityName, type QueryOrderMap } from '@mikro-orm/core';
import { includePaths, planJoins, type ViewIncludes, type ViewJoins } from '../database/view-joins.js';
import { BASE, quote, runSql, viewShape, whereSql, type EntityView, type ViewOrder, type ViewWhere } from '../database/views.js';
import { isUuid } from './loaders.js';
import { assertCursorOf, NOT_COUNTED, pageSize, type Connection, type CountOption, type PageArgs } from './pagination.js';
import { keysetSql, orderEntries, viewConnection } from './view-connections.js';

export interface BatchedConnectionsOptions<T> {
  entity: EntityName<T>;
  /** The property naming the parent: a many-to-one or a uuid column (`category`, `userId`). */
  parent: keyof T & string;
  /** Scalar properties only, ending in a unique one (the id), as for findConnection. */
  orderBy: ViewOrder<T>;
  /** Equalities every page and count keeps, beyond the parent. */
  where?: ViewWhere<T>;
  /** Many-to-ones the page's statement may read too (see ViewIncludes); each load says which it wants. */
  include?: ViewIncludes<T>;
}

export interface BatchedLoadOptions extends CountOption {
  /** Which include paths the operation selects (`showing`, `showing.movie`); default none. */
  wanted?: (path: string) => boolean;
}

export interface BatchedConnections<T> {
  /** One parent's page; every call in one tick shares one page statement (per distinct first/after/joins) and one count. */
  load(parentId: string, args: PageArgs, options?: BatchedLoadOptions): Promise<Connection<EntityView<T>>>;
}

interface PageKey {
  parentId: string;
  first: number;
  after: string | null;
  joins: ViewJoins;
}

/** The column that numbers each parent's rows in the page statement; not a property of any entity. */
const POSITION = '__position';
/** The page statement's inner query, around which the included tables are joined. */
const NUMBERED = 'numbered';

/**
 * `findViewConnection` for a list under each of many parents (`Category.products`, `User.orders`):
 * the pages of all parents in one statement (`row_number() over (partition by parent ...)`,
 * keeping first + 1 rows per parent after the cursor), with the many-to-ones the operation
 * follows joined in, and their totals (when selected) in one grouped count, so a query's SQL
 * count does not grow with the number of parents. Cursors, hasNextPage, the cap on `first` and the
 * BAD_USER_INPUT for a foreign `after` are exactly findConnection's. Rows become views (ADR 0027).
 * Create one per request (in createLoaders): it caches like any DataLoader.
 */
export function batchedConnections<T extends object>(em: EntityManager, options: BatchedConnectionsOptions<T>): BatchedConnections<T> {
  const meta = em.getMetadata().find<T>(options.entity);
  if (!meta) throw new Error('batchedConnections needs a registered entity');
  const shape = viewShape(em, options.entity);
  const parentColumn = shape.column(options.parent, BASE);
  const parentField = shape.field(options.parent);
  const order = orderEntries(options.orderBy);
  const orderList = order.map(([property, direction]) => `${shape.column(property, BASE)} ${direction}`).join(', ');
  const candidates = includePaths(options.include);
  const plans = new Map<string, ViewJoins>();

  /** The joins for the paths `wanted` selects, planned once per distinct selection. */
  const joinsFor = (wanted: ((path: string) => boolean) | undefined): ViewJoins => {
    const chosen = wanted ? candidates.filter(wanted) : [];
    const key = chosen.join(',');
    let plan = plans.get(key);
    if (!plan) {
      const set = new Set(chosen);
      plan = planJoins(em, options.entity, options.include, NUMBERED, (path) => set.has(path));
      plans.set(key, plan);
    }
    return plan;
  };

  /** `"e"."parent" in (?)` and the fixed filter, their parameters pushed onto `params`. */
  const whereOf = (parentIds: string[], params: unknown[]) => {
    params.push(parentIds);
    const fixed = options.where ? whereSql(shape, options.where, params, BASE) : '';
    return `${parentColumn} in (?)${fixed ? ` and ${fixed}` : ''}`;
  };
  const from = `from ${shape.table} as ${quote(BASE)}`;

  const counts = new DataLoader<string, number>(async (parentIds) => {
    const params: unknown[] = [];
    const sql = `select ${parentColumn} as "parent", count(*) as "count" ${from} where ${whereOf([...parentIds], params)} group by ${parentColumn}`;
    const rows = await runSql<{ parent: string; count: string | number }>(em, sql, params);
    const byParent = new Map(rows.map((row) => [row.parent, Number(row.count)]));
    return parentIds.map((id) => byParent.get(id) ?? 0);
  });

  /** All parents asking for the same page (first, after, joins): one statement. */
  async function loadPages(parentIds: string[], first: number, after: string | null, joins: ViewJoins): Promise<Map<string, EntityView<T>[]>> {
    const params: unknown[] = [];
    let where = whereOf(parentIds, params);
    if (after) where += ` and (${keysetSql(shape, order, Cursor.decode(after) as unknown[], params, BASE)})`;
    params.push(first + 1);
    const numbered = `select ${shape.selectFrom(BASE)}, row_number() over (partition by ${parentColumn} order by ${orderList}) as "${POSITION}" ${from} where ${where}`;
    const sql =
      `select ${quote(NUMBERED)}.*${joins.select ? `, ${joins.select}` : ''} from (${numbered}) as ${quote(NUMBERED)}${joins.joins ? ` ${joins.joins}` : ''}` +
      ` where ${quote(NUMBERED)}."${POSITION}" <= ? order by ${quote(NUMBERED)}.${quote(parentField)} asc, ${quote(NUMBERED)}."${POSITION}" asc`;
    const rows = await runSql<Record<string, unknown>>(em, sql, params);
    const pages = new Map<string, EntityView<T>[]>();
    for (const row of rows) {
      joins.read(row);
      const parentId = String(row[parentField]);
      const node = shape.toView(row);
      const page = pages.get(parentId);
      if (page) page.push(node);
      else pages.set(parentId, [node]);
    }
    return pages;
  }

  const groupKey = (key: PageKey) => JSON.stringify([key.first, key.after, key.joins.key]);
  const pages = new DataLoader<PageKey, EntityView<T>[], string>(
    async (keys) => {
      const groups = new Map<string, { first: number; after: string | null; joins: ViewJoins; parentIds: Set<string> }>();
      for (const key of keys) {
        const group = groups.get(groupKey(key)) ?? { first: key.first, after: key.after, joins: key.joins, parentIds: new Set<string>() };
        group.parentIds.add(key.parentId);
        groups.set(groupKey(key), group);
      }
      const found = new Map<string, Map<string, EntityView<T>[]>>();
      await Promise.all(
        [...groups].map(async ([name, group]) => {
          found.set(name, await loadPages([...group.parentIds], group.first, group.after, group.joins));
        }),
      );
      return keys.map((key) => found.get(groupKey(key))?.get(key.parentId) ?? []);
    },
    { cacheKeyFn: (key) => JSON.stringify([key.parentId, key.first, key.after, key.joins.key]) },
  );

  return {
    async load(parentId, args, { count = true, wanted } = {}) {
      const first = pageSize(args.first);
      if (args.after) assertCursorOf(args.after, options.orderBy as QueryOrderMap<T>, meta);
      // Not a uuid: no row can name it as a parent.
      if (!isUuid(parentId)) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
      const [rows, totalCount] = await Promise.all([
        pages.load({ parentId, first, after: args.after ?? null, joins: joinsFor(wanted) }),
        count ? counts.load(parentId) : NOT_COUNTED,
      ]);
      return viewConnection(rows, first, order, totalCount);
    },
  };
}
