import type { Operation } from '../graphql-client.js';
import { runLoad, type LoadResult } from '../load.js';
import { MY_BOOKINGS, PRODUCTS, RESTAURANT_MENUS } from '../operations.js';

export const CONCURRENCY_LEVELS = [1, 10, 50] as const;

/** Requests per run by concurrency: enough for a p99, few enough to keep the bench short. */
const REQUESTS: Record<(typeof CONCURRENCY_LEVELS)[number], number> = { 1: 60, 10: 200, 50: 300 };

export interface QueryCase {
  name: string;
  description: string;
  operation: Operation;
}

export function queryCases(userToken: string): QueryCase[] {
  return [
    {
      name: 'products(first: 50)',
      description: 'anonymous; catalog list + category, inventory `inStock` per product (catalog → inventory fan-out)',
      operation: { query: PRODUCTS, variables: { first: 50 } },
    },
    {
      name: 'me.bookings(first: 20)',
      description: 'signed in; auth `me` → booking `User.bookings` with showing, movie, theater',
      operation: { query: MY_BOOKINGS, variables: { first: 20 }, token: userToken },
    },
    {
      name: 'restaurants.menu',
      description: 'anonymous; 10 restaurants with their menus (food only)',
      operation: { query: RESTAURANT_MENUS, variables: { first: 10 } },
    },
  ];
}

export interface QueryRun extends LoadResult {
  name: string;
}

export async function runQueryThroughput(routerUrl: string, cases: QueryCase[], log: (line: string) => void): Promise<QueryRun[]> {
  const runs: QueryRun[] = [];
  for (const queryCase of cases) {
    for (const concurrency of CONCURRENCY_LEVELS) {
      const result = await runLoad(routerUrl, queryCase.operation, { requests: REQUESTS[concurrency], concurrency, warmup: 10 });
      log(`  ${queryCase.name} c=${concurrency}: ${result.requestsPerSecond.toFixed(0)} req/s, p95 ${result.latency.p95.toFixed(1)} ms, errors ${result.errors}`);
      runs.push({ name: queryCase.name, ...result });
    }
  }
  return runs;
}
