import { post, type Operation } from '../graphql-client.js';
import { MY_BOOKINGS, PRODUCTS, RESTAURANT_MENUS } from '../operations.js';

/** Statements per subgraph since the last reset (the cluster's counting relay). */
export interface StatementCounter {
  reset(): Promise<void>;
  snapshot(): Promise<Record<string, number>>;
}

export interface StatementRow {
  query: string;
  listLength: number;
  total: number;
  bySubgraph: Record<string, number>;
}

/**
 * SQL statements per request, counted by the cluster's relay with one request in flight
 * (so every statement belongs to it). Each query is sent once before counting, so caches that
 * fill once (query plans, prepared lookups) do not count against the first size.
 */
export async function countStatements(routerUrl: string, counter: StatementCounter, userToken: string): Promise<StatementRow[]> {
  const sizes: { query: string; operation: (first: number) => Operation; lengths: number[] }[] = [
    { query: 'products', operation: (first) => ({ query: PRODUCTS, variables: { first } }), lengths: [10, 100] },
    { query: 'me.bookings', operation: (first) => ({ query: MY_BOOKINGS, variables: { first }, token: userToken }), lengths: [2, 20] },
    { query: 'restaurants.menu', operation: (first) => ({ query: RESTAURANT_MENUS, variables: { first } }), lengths: [2, 10] },
  ];
  const rows: StatementRow[] = [];
  for (const size of sizes) {
    for (const first of size.lengths) {
      await post(routerUrl, size.operation(first));
      // The fewest of three: a background statement (an outbox relay's poll, once a second) that
      // lands in the window only ever adds to a count.
      let fewest: StatementRow | undefined;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await counter.reset();
        const result = await post<Record<string, unknown>>(routerUrl, size.operation(first));
        if (result.errors.length > 0) throw new Error(`${size.query}: ${JSON.stringify(result.errors)}`);
        const bySubgraph = await counter.snapshot();
        const total = Object.values(bySubgraph).reduce((sum, count) => sum + count, 0);
        if (!fewest || total < fewest.total) fewest = { query: size.query, listLength: listLength(result.data), total, bySubgraph };
      }
      rows.push(fewest!);
    }
  }
  return rows;
}

/** The number of edges the answer holds (the list that grows). */
function listLength(data: unknown): number {
  let found = 0;
  const visit = (value: unknown): void => {
    if (Array.isArray(value) || value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'edges' && Array.isArray(child)) found = Math.max(found, child.length);
      else visit(child);
    }
  };
  visit(data);
  return found;
}
