import { useMemo, useState } from 'react';

/**
 * A list read once by a query and then kept current by a subscription: each event replaces the item
 * with the same id (or adds it at the top). Newest first by createdAt.
 */
export function useLiveList<T extends { id: string; createdAt: string }>(initial: readonly T[] | undefined) {
  const [updates, setUpdates] = useState<Record<string, T>>({});
  const items = useMemo(() => {
    const byId = new Map<string, T>();
    for (const item of initial ?? []) byId.set(item.id, item);
    for (const item of Object.values(updates)) byId.set(item.id, item);
    return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }, [initial, updates]);
  const apply = (item: T) => setUpdates((current) => ({ ...current, [item.id]: item }));
  return { items, apply };
}
