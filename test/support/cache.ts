import { metrics } from '@marquee/platform';
import type { TestStack } from './stack.js';

export interface HttpAnswer<T> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** POSTs one operation to a router and keeps the response headers (Cache-Control, Age). */
export async function post<T = Record<string, unknown>>(routerUrl: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<HttpAnswer<T>> {
  const response = await fetch(routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as HttpAnswer<T>['body'] };
}

/** This process's cache lookups so far (every stack of a test file runs in it). */
export async function cacheLookups(cache: 'response' | 'entity'): Promise<{ hit: number; miss: number }> {
  const { values } = await metrics.cacheLookups.get();
  const count = (result: string) => values.find((value) => value.labels.cache === cache && value.labels.result === result)?.value ?? 0;
  return { hit: count('hit'), miss: count('miss') };
}

/** SQL statements per subgraph, for a stack started with `onQuery: counter.record`. */
export function sqlCounter() {
  const counts: Record<string, number> = {};
  return {
    record: (subgraph: string) => {
      counts[subgraph] = (counts[subgraph] ?? 0) + 1;
    },
    of: (subgraph: string) => counts[subgraph] ?? 0,
  };
}

/** A category and a product in it, created by an admin (both public: cacheable). */
export async function createTestProduct(stack: TestStack, adminToken: string, name: string): Promise<{ id: string; categoryId: string }> {
  const category = await stack.graphql<{ createCategory: { id: string } }>(
    'mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { id } }',
    { input: { name: `${name} shelf` } },
    adminToken,
  );
  const categoryId = category.body.data?.createCategory.id;
  if (!categoryId) throw new Error(`category not created: ${JSON.stringify(category.body.errors)}`);
  const product = await stack.graphql<{ createProduct: { id: string } }>(
    'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    { input: { name, price: '4.50', categoryId } },
    adminToken,
  );
  const id = product.body.data?.createProduct.id;
  if (!id) throw new Error(`product not created: ${JSON.stringify(product.body.errors)}`);
  return { id, categoryId };
}

/** Polls `read` (no fixed delay asserting speed) until `done` holds for its value; fails after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
