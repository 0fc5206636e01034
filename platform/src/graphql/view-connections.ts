import type { EntityManager } from '@mikro-orm/postgresql';
import { Cursor, type EntityName, type QueryOrderMap } from '@mikro-orm/core';
import { planJoins, type ViewIncludes } from '../database/view-joins.js';
import { BASE, orderSql, quote, runSql, viewShape, whereSql, type EntityView, type ViewOrder, type ViewShape, type ViewWhere } from '../database/views.js';
import { assertCursorOf, NOT_COUNTED, pageSize, type Connection, type CountOption, type PageArgs } from './pagination.js';

/**
 * Rows after a cursor in this order, as MikroORM writes the condition for findByCursor:
 * `a >= x and (a > x or (b >= y and (b > y or c > z)))`; its parameters pushed onto `params`.
 */
export function keysetSql(shape: ViewShape<unknown>, order: [string, 'asc' | 'desc'][], values: unknown[], params: unknown[], alias?: string): string {
  const [head, ...rest] = order;
  const [value, ...restValues] = values;
  if (!head) return '';
  const column = shape.column(head[0], alias);
  const operator = head[1] === 'desc' ? '<' : '>';
  if (rest.length === 0) {
    params.push(value);
    return `${column} ${operator} ?`;
  }
  params.push(value, value);
  return `${column} ${operator}= ? and (${column} ${operator} ? or (${keysetSql(shape, rest, restValues, params, alias)}))`;
}

/** The order as [property, direction] pairs, directions normalized. */
export function orderEntries<T>(orderBy: ViewOrder<T>): [string, 'asc' | 'desc'][] {
  return Object.entries(orderBy)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([property, direction]) => [property, direction.toLowerCase() === 'desc' ? 'desc' : 'asc']);
}

/** The cursor of a view in this order: MikroORM's own encoding, so cursors stay interchangeable. */
export function viewCursor(view: object, order: [string, 'asc' | 'desc'][]): string {
  const values = view as Record<string, unknown>;
  return Cursor.encode(order.map(([property]) => values[property]));
}

/** An edge whose cursor is encoded only when a query selects it (most select the nodes only). */
class ViewEdge<T extends object> {
  constructor(
    readonly node: T,
    private readonly order: [string, 'asc' | 'desc'][],
  ) {}

  get cursor(): string {
    return viewCursor(this.node, this.order);
  }
}

/** A page of views as a connection: cursors in this order, hasNextPage when a row beyond `first` came back. */
export function viewConnection<T extends object>(rows: T[], first: number, order: [string, 'asc' | 'desc'][], totalCount: number): Connection<T> {
  const edges = rows.slice(0, first).map((node) => new ViewEdge(node, order));
  const last = edges.at(-1);
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? last.cursor : null },
    totalCount,
  };
}

export interface ViewConnectionOptions<T> extends CountOption {
  /** Many-to-ones read in the page's statement (for nodes' fields that follow them), see ViewIncludes. */
  include?: ViewIncludes<T>;
  /** Which include paths (`showing`, `showing.movie`) the operation selects; default all. */
  wanted?: (path: string) => boolean;
}

/**
 * `findConnection` over views (ADR 0027): the same page, cursors, totalCount, hasNextPage, cap on
 * `first` and BAD_USER_INPUT for a foreign `after`, from constant statements (the page, and the
 * count when `totalCount` is selected) instead of MikroORM's query builder, hydration and identity
 * map; many-to-ones the nodes' fields follow can come in the page's statement (`include`). `where`
 * holds equalities only; lists with richer filters (text search) keep `findConnection`.
 */
export async function findViewConnection<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: ViewWhere<T>,
  args: PageArgs,
  orderBy: ViewOrder<T>,
  options: ViewConnectionOptions<T> = {},
): Promise<Connection<EntityView<T>>> {
  const first = pageSize(args.first);
  const shape = viewShape(em, entity);
  if (args.after) assertCursorOf(args.after, orderBy as QueryOrderMap<T>, em.getMetadata().find<T>(entity) ?? undefined);
  const order = orderEntries(orderBy);
  const joins = planJoins(em, entity, options.include, BASE, options.wanted);
  const countParams: unknown[] = [];
  const condition = whereSql(shape, where, countParams, BASE);
  const pageParams = [...countParams];
  const conditions = condition ? [condition] : [];
  if (args.after) conditions.push(`(${keysetSql(shape, order, Cursor.decode(args.after) as unknown[], pageParams, BASE)})`);
  pageParams.push(first + 1);
  const from = `from ${shape.table} as ${quote(BASE)}`;
  const page =
    `select ${shape.selectFrom(BASE)}${joins.select ? `, ${joins.select}` : ''} ${from}${joins.joins ? ` ${joins.joins}` : ''}` +
    `${conditions.length > 0 ? ` where ${conditions.join(' and ')}` : ''} order by ${orderSql(shape, orderBy, BASE)} limit ?`;
  const [rows, totalCount] = await Promise.all([
    runSql<Record<string, unknown>>(em, page, pageParams),
    options.count === false
      ? NOT_COUNTED
      : runSql<{ count: string | number }>(em, `select count(*) as "count" ${from}${condition ? ` where ${condition}` : ''}`, countParams).then((counted) =>
          Number(counted[0]?.count ?? 0),
        ),
  ]);
  const nodes = rows.map((row) => {
    joins.read(row);
    return shape.toView(row);
  });
  return viewConnection(nodes, first, order, totalCount);
}
