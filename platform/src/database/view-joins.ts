import { ReferenceKind, type EntityName, type EntityProperty, type Reference } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { quote, viewShape, type EntityView } from './views.js';

/**
 * Many-to-ones to read in the same statement as the rows that name them (a LEFT JOIN each), and
 * theirs in turn: each related row's view goes to `each`, which typically primes the request's
 * by-id loader, so the resolvers that follow find it there instead of sending a statement.
 */
export type ViewIncludes<T> = {
  [K in keyof T & string]?: NonNullable<T[K]> extends Reference<infer R> ? ViewInclude<R> : never;
};

export interface ViewInclude<R> {
  each(view: EntityView<R>): void;
  include?: ViewIncludes<R>;
}

/** The joins of one statement: extra select columns, the join clauses, and what to do with each row. */
export interface ViewJoins {
  /** Extra select columns, '' for none. */
  select: string;
  /** The join clauses, '' for none. */
  joins: string;
  /** Hands every joined view of the row to its `each`. */
  read(row: Record<string, unknown>): void;
  /** The joined paths (`showing`, `showing.movie`), sorted: equal keys, equal statements. */
  key: string;
}

export const NO_JOINS: ViewJoins = { select: '', joins: '', read: () => {}, key: '' };

/**
 * Plans the joins of `includes` from the table aliased `from` (the queried table, or `numbered`
 * around a window query), keeping the paths `wanted` says yes to (those the operation selects).
 */
export function planJoins<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  includes: ViewIncludes<T> | undefined,
  from: string,
  wanted: (path: string) => boolean = () => true,
): ViewJoins {
  if (!includes) return NO_JOINS;
  const selects: string[] = [];
  const joins: string[] = [];
  const readers: ((row: Record<string, unknown>) => void)[] = [];
  const paths: string[] = [];
  let next = 0;
  const walk = (owner: EntityName<object>, tree: Record<string, ViewInclude<object> | undefined>, alias: string, at: string) => {
    const meta = em.getMetadata().find(owner);
    for (const [property, include] of Object.entries(tree)) {
      const path = at ? `${at}.${property}` : property;
      if (!include || !wanted(path)) continue;
      const prop = (meta?.properties as Record<string, EntityProperty> | undefined)?.[property];
      const foreignKey = prop?.fieldNames?.[0];
      const target = prop?.targetMeta;
      if (!prop || prop.kind !== ReferenceKind.MANY_TO_ONE || !foreignKey || !target || target.primaryKeys.length !== 1) {
        throw new Error(`views join many-to-ones with a single-column key only: ${meta?.className}.${property}`);
      }
      const shape = viewShape(em, target.class as EntityName<object>);
      const joined = `j${next++}`;
      const prefix = `${joined}__`;
      const key = shape.field(target.primaryKeys[0] as string);
      selects.push(shape.selectFrom(joined, prefix));
      joins.push(`left join ${shape.table} as ${quote(joined)} on ${shape.column(target.primaryKeys[0] as string, joined)} = ${quote(alias)}.${quote(foreignKey)}`);
      readers.push((row) => {
        if (row[prefix + key] !== null && row[prefix + key] !== undefined) include.each(shape.toView(row, prefix));
      });
      paths.push(path);
      if (include.include) walk(target.class as EntityName<object>, include.include as Record<string, ViewInclude<object> | undefined>, joined, path);
    }
  };
  walk(entity as EntityName<object>, includes as Record<string, ViewInclude<object> | undefined>, from, '');
  if (readers.length === 0) return NO_JOINS;
  return {
    select: selects.join(', '),
    joins: joins.join(' '),
    read(row) {
      for (const read of readers) read(row);
    },
    key: paths.sort().join(','),
  };
}

/** Every path of an include tree (`showing`, `showing.movie`, `showing.theater`), parents first. */
export function includePaths(includes: object | undefined, at = ''): string[] {
  const paths: string[] = [];
  for (const [property, include] of Object.entries((includes ?? {}) as Record<string, ViewInclude<object> | undefined>)) {
    if (!include) continue;
    const path = at ? `${at}.${property}` : property;
    paths.push(path, ...includePaths(include.include, path));
  }
  return paths;
}
