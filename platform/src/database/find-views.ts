import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { planJoins, type ViewIncludes } from './view-joins.js';
import { BASE, orderSql, quote, runSql, viewShape, whereSql, type EntityView, type ViewOrder, type ViewWhere } from './views.js';

export interface FindViewsOptions<T> {
  orderBy?: ViewOrder<T>;
  limit?: number;
  /** Many-to-ones read in the same statement, each handed to its `each` (see ViewIncludes). */
  include?: ViewIncludes<T>;
}

/** Views of the rows matching `where`: one statement, no identity map, no hydration. */
export async function findViews<T extends object>(em: EntityManager, entity: EntityName<T>, where: ViewWhere<T>, options: FindViewsOptions<T> = {}): Promise<EntityView<T>[]> {
  const shape = viewShape(em, entity);
  const joins = planJoins(em, entity, options.include, BASE);
  const params: unknown[] = [];
  const condition = whereSql(shape, where, params, BASE);
  const order = options.orderBy ? orderSql(shape, options.orderBy, BASE) : '';
  let sql = `select ${shape.selectFrom(BASE)}${joins.select ? `, ${joins.select}` : ''} from ${shape.table} as ${quote(BASE)}${joins.joins ? ` ${joins.joins}` : ''}`;
  if (condition) sql += ` where ${condition}`;
  if (order) sql += ` order by ${order}`;
  if (options.limit !== undefined) {
    sql += ' limit ?';
    params.push(options.limit);
  }
  const rows = await runSql<Record<string, unknown>>(em, sql, params);
  return rows.map((row) => {
    joins.read(row);
    return shape.toView(row);
  });
}
