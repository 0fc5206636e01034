import { ReferenceKind, type EntityMetadata, type EntityName, type EntityProperty, type Platform, type PrimaryKeyProp, type PrimaryProperty, type Reference } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

export { runSql } from './run-sql.js';

/** What a many-to-one becomes in a view: the referenced row's key, as `ref.id` reads it on an entity. */
type ViewValue<V> = V extends Reference<infer R> ? { [K in PrimaryProperty<R> & keyof R]: R[K] } : V;

/**
 * An entity as the read paths hand it to resolvers (ADR 0027): its columns as plain values and each
 * many-to-one as its key only (`{ id }`), read with one constant SQL statement and no unit of work.
 * Entities fit their view, so a mutation's entity goes wherever a view is expected. `Omitted` names
 * lazy properties the view does not read (a password hash).
 */
export type EntityView<T, Omitted extends keyof T = never> = {
  [K in Exclude<keyof T, Omitted | typeof PrimaryKeyProp>]: ViewValue<T[K]>;
};

/**
 * A condition on one property, all AND-ed: a value (=), null (IS NULL), a list (IN) or a range
 * (`{ $gte, $lt }`...). Many-to-ones take the key.
 */
export type ViewWhere<T> = { [K in keyof T & string]?: ViewParameter | null | readonly ViewParameter[] | ViewRange };
export type ViewParameter = string | number | boolean | Date;
export interface ViewRange {
  $gt?: ViewParameter;
  $gte?: ViewParameter;
  $lt?: ViewParameter;
  $lte?: ViewParameter;
}
const RANGE_OPERATORS: Record<keyof ViewRange, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };
export type ViewOrder<T> = { [K in keyof T & string]?: 'asc' | 'desc' };

interface ViewColumn {
  property: string;
  /** The column, quoted. */
  column: string;
  /** The row's key for this column (its unquoted name). */
  field: string;
  /** For a many-to-one: the referenced entity's key property. */
  reference?: string;
  /** For a timestamp: how MikroORM turns the text PostgreSQL sends into a Date. */
  toDate?: (value: string) => Date | string;
}

/** How one entity's rows become views: compiled once per entity from MikroORM's metadata. */
export interface ViewShape<T> {
  className: string;
  /** `"table"`, quoted. */
  table: string;
  /** The select list, every column a view holds, of the table named `alias`; with a prefix, each `as "<prefix><column>"`. */
  selectFrom(alias: string, prefix?: string): string;
  /** The quoted column of a property (a many-to-one's foreign key), of the table named `alias` when given. */
  column(property: string, alias?: string): string;
  /** The same column's name as a row's key. */
  field(property: string): string;
  /** The view of a row; `prefix` as given to `selectFrom`. */
  toView(row: Record<string, unknown>, prefix?: string): T;
}

export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Runtime types whose PostgreSQL values `pg` returns as MikroORM hydrates them (text, uuid, enums
 * and decimals as strings, int4 as numbers, booleans) or that are converted here as MikroORM does
 * (timestamps: text, see MikroORM's PostgreSqlConnection, parsed into Dates). Anything else (json,
 * bigint, dates without time) is refused when the shape is compiled, not mis-read later.
 */
function readsAsIs(prop: EntityProperty): boolean {
  const columnType = String(prop.columnTypes?.[0] ?? '').toLowerCase();
  switch (prop.runtimeType) {
    case 'string':
      return true;
    case 'number':
      return /^(int|integer|int4|smallint|int2|serial)\b/.test(columnType);
    case 'boolean':
      return true;
    case 'Date':
      return /^timestamp/.test(columnType);
    default:
      return false;
  }
}

/** MikroORM's own reading of a timestamp (EntityComparator's result mapper), timezone setting included. */
function dateReader(platform: Platform): (value: string) => Date | string {
  const timezone = platform.getTimezone();
  return (value) => {
    const explicit = !timezone || timezone === 'local' || value.includes('+') || value.lastIndexOf('-') > 10 || value.endsWith('Z');
    return platform.parseDate(explicit ? value : value + timezone) as Date | string;
  };
}

function compile<T>(meta: EntityMetadata<T>, platform: Platform): ViewShape<T> {
  const columns: ViewColumn[] = [];
  const toDate = dateReader(platform);
  for (const prop of meta.props as EntityProperty[]) {
    if (prop.persist === false || prop.lazy || prop.formula) continue;
    if (prop.kind === ReferenceKind.ONE_TO_MANY || prop.kind === ReferenceKind.MANY_TO_MANY) continue;
    const fields = prop.fieldNames ?? [];
    const field = fields[0];
    if (fields.length !== 1 || !field) throw new Error(`views read one column per property: ${meta.className}.${prop.name}`);
    if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      const key = prop.targetMeta?.primaryKeys;
      if (key?.length !== 1) throw new Error(`views read single-column keys only: ${meta.className}.${prop.name}`);
      columns.push({ property: prop.name, column: quote(field), field, reference: key[0] });
    } else if (prop.kind === ReferenceKind.SCALAR && readsAsIs(prop)) {
      columns.push({ property: prop.name, column: quote(field), field, ...(prop.runtimeType === 'Date' ? { toDate } : {}) });
    } else if (prop.kind !== ReferenceKind.ONE_TO_ONE) {
      throw new Error(`views cannot read ${meta.className}.${prop.name} (${prop.kind} ${prop.runtimeType})`);
    }
  }
  const byProperty = new Map(columns.map((column) => [column.property, column]));
  // A row's keys per prefix, made once: `toView` runs for every row of every page.
  const keysByPrefix = new Map<string, string[]>();
  const keysOf = (prefix: string) => {
    let keys = keysByPrefix.get(prefix);
    if (!keys) {
      keys = columns.map((column) => prefix + column.field);
      keysByPrefix.set(prefix, keys);
    }
    return keys;
  };
  const columnOf = (property: string): ViewColumn => {
    const column = byProperty.get(property);
    if (!column) throw new Error(`${meta.className} has no column for ${property}`);
    return column;
  };
  return {
    className: meta.className,
    table: quote(meta.tableName),
    selectFrom: (alias, prefix) =>
      columns.map((column) => `${quote(alias)}.${column.column}${prefix ? ` as ${quote(prefix + column.field)}` : ''}`).join(', '),
    column: (property, alias) => (alias ? `${quote(alias)}.${columnOf(property).column}` : columnOf(property).column),
    field: (property) => columnOf(property).field,
    toView(row, prefix = '') {
      const keys = keysOf(prefix);
      const view: Record<string, unknown> = {};
      for (let index = 0; index < columns.length; index += 1) {
        const column = columns[index] as ViewColumn;
        const value = row[keys[index] as string];
        if (value === null || value === undefined) view[column.property] = value;
        else if (column.reference !== undefined) view[column.property] = { [column.reference]: value };
        else if (column.toDate && typeof value === 'string') view[column.property] = column.toDate(value);
        else view[column.property] = value;
      }
      return view as T;
    },
  };
}

const shapes = new WeakMap<object, ViewShape<unknown>>();

/** The view shape of `entity` (compiled on first use, then shared by every request). */
export function viewShape<T extends object>(em: EntityManager, entity: EntityName<T>): ViewShape<EntityView<T>> {
  const meta = em.getMetadata().find<T>(entity);
  if (!meta) throw new Error('views need a registered entity');
  let shape = shapes.get(meta);
  if (!shape) {
    shape = compile(meta, em.getPlatform()) as ViewShape<unknown>;
    shapes.set(meta, shape);
  }
  return shape as ViewShape<EntityView<T>>;
}

/** `"a" = ? and "b" is null and "c" in (?)`, its parameters pushed onto `params`; '' for no condition. */
export function whereSql(shape: ViewShape<unknown>, where: Record<string, unknown>, params: unknown[], alias?: string): string {
  const conditions: string[] = [];
  for (const [property, value] of Object.entries(where)) {
    if (value === undefined) continue;
    const column = shape.column(property, alias);
    if (value === null) {
      conditions.push(`${column} is null`);
    } else if (Array.isArray(value)) {
      // As MikroORM writes `$in: []`: no row matches.
      if (value.length === 0) conditions.push('1 = 0');
      else {
        conditions.push(`${column} in (?)`);
        params.push(value);
      }
    } else if (typeof value === 'object' && !(value instanceof Date)) {
      for (const [operator, bound] of Object.entries(value as ViewRange)) {
        const sign = RANGE_OPERATORS[operator as keyof ViewRange];
        if (!sign) throw new Error(`views know no operator ${operator}`);
        if (bound === undefined) continue;
        conditions.push(`${column} ${sign} ?`);
        params.push(bound);
      }
    } else {
      conditions.push(`${column} = ?`);
      params.push(value);
    }
  }
  return conditions.join(' and ');
}

export function orderSql(shape: ViewShape<unknown>, orderBy: Record<string, string | undefined>, alias?: string): string {
  return Object.entries(orderBy)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([property, direction]) => `${shape.column(property, alias)} ${direction.toLowerCase() === 'desc' ? 'desc' : 'asc'}`)
    .join(', ');
}

/** The alias of the queried table in every statement views write (joined tables are j0, j1...). */
export const BASE = 'e';
