/** A row a foreign key guarantees; its absence is a bug, never the client's mistake. */
export function present<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} is missing although a foreign key requires it`);
  return value;
}
