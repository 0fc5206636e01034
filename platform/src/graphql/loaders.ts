import DataLoader from 'dataloader';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

/** A by-id DataLoader that also answers synchronously for rows this request already has. */
export type ByIdLoader<T> = DataLoader<string, T | null> & {
  /** The row (null: loaded, missing) once loaded or primed; undefined while unknown. */
  known(id: string): T | null | undefined;
};

/**
 * Loads rows by id in one `WHERE id IN (...)` per tick, answering in key order with null for
 * missing keys (and for keys that are not UUIDs, which never reach the database). Rows it has
 * (loaded, or primed by a list that read them in its own statement) are also `known`
 * synchronously, so resolvers can answer without a promise per row (see `loadNow`).
 */
export function byIdLoader<T extends { id: string }>(load: (ids: string[]) => Promise<T[]>): ByIdLoader<T> {
  const rows = new Map<string, T | null>();
  const loader = new DataLoader<string, T | null>(async (keys) => {
    const ids = keys.filter(isUuid);
    const found = ids.length > 0 ? await load(ids) : [];
    const byId = new Map(found.map((row) => [row.id, row]));
    return keys.map((key) => {
      const row = byId.get(key) ?? null;
      if (!rows.has(key)) rows.set(key, row);
      return row;
    });
  });
  const prime = loader.prime.bind(loader);
  return Object.assign(loader, {
    known: (id: string) => rows.get(id),
    // As DataLoader's own prime: a key already known keeps its value.
    prime(key: string, value: T | null | Error | PromiseLike<T | null>) {
      if (!rows.has(key) && (value === null || (typeof value === 'object' && !(value instanceof Error) && !('then' in value)))) rows.set(key, value);
      prime(key, value);
      return loader;
    },
  });
}

/**
 * `then(row)` now when the request has the row, else once it is loaded: a resolver that follows
 * a many-to-one read with its list answers synchronously, sparing graphql-js a promise per row.
 */
export function loadNow<T, R>(loader: ByIdLoader<T>, id: string, then: (row: T | null) => R): R | Promise<R> {
  const known = loader.known(id);
  return known !== undefined ? then(known) : loader.load(id).then(then);
}
