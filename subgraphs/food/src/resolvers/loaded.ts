import { loadNow, type ByIdLoader } from '@marquee/platform';

/**
 * Loads a row a foreign key guarantees (at once when the request already has it); its absence is
 * a bug, not a null for the client.
 */
export function loaded<T>(loader: ByIdLoader<T>, id: string): T | Promise<T> {
  return loadNow(loader, id, (row) => {
    if (row === null) throw new Error(`row ${id} referenced by a foreign key is missing`);
    return row;
  });
}
