import { loadNow, type ByIdLoader } from '@marquee/platform';

/** A row a foreign key guarantees; its absence is a bug, never the client's mistake. */
export function present<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} is missing although a foreign key requires it`);
  return value;
}

/** `present` of the row the loader has or loads: at once when the request already read it. */
export const presentRow = <T>(loader: ByIdLoader<T>, id: string, what: string): T | Promise<T> => loadNow(loader, id, (row) => present(row, what));
