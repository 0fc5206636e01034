import type DataLoader from 'dataloader';

/** Loads a row a foreign key guarantees; its absence is a bug, not a null for the client. */
export async function loaded<T>(loader: DataLoader<string, T | null>, id: string): Promise<T> {
  const row = await loader.load(id);
  if (row === null) throw new Error(`row ${id} referenced by a foreign key is missing`);
  return row;
}
