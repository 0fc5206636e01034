import { ref } from '@mikro-orm/core';
import { Category } from '../../catalog/src/entities/Category.js';
import { Product } from '../../catalog/src/entities/Product.js';
import { StockLevel } from '../src/entities/StockLevel.js';
import { StockMovement } from '../src/entities/StockMovement.js';
import { errorCodes, startTestStack, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';

/**
 * Connections nested under a list (Category.products, StockLevel.movements) are loaded for all
 * parents at once: the statements of a request do not grow with the number of parents, and the
 * pages are exactly what findConnection gives for one parent.
 */

const statements: Record<string, string[]> = {};
const countStatements = (subgraph: string, sql: string) => (statements[subgraph] ??= []).push(sql);
const resetStatements = () => Object.keys(statements).forEach((name) => delete statements[name]);
const counts = () => Object.fromEntries(Object.entries(statements).map(([name, list]) => [name, list.length]));

let stack: TestStack;
let moderator: SignedIn;
/** Categories made so far, each with PRODUCTS_PER_CATEGORY products, all stocked under their reorder point. */
let categoryCount = 0;
const PRODUCTS_PER_CATEGORY = 7;
const MOVEMENTS_PER_STOCK = 5;

/** Adds categories with products, stock and movements straight through the ORMs. */
async function addCategories(count: number): Promise<void> {
  const catalogEm = stack.subgraphs.catalog?.service.orm.em.fork();
  const inventoryEm = stack.subgraphs.inventory?.service.orm.em.fork();
  if (!catalogEm || !inventoryEm) throw new Error('catalog and inventory must be running');
  for (let c = 0; c < count; c += 1) {
    const number = String(categoryCount).padStart(2, '0');
    categoryCount += 1;
    const category = Object.assign(new Category(), { name: `Shelf ${number}`, slug: `shelf-${number}` });
    catalogEm.persist(category);
    for (let p = 0; p < PRODUCTS_PER_CATEGORY; p += 1) {
      // Two products share each name, so the id has to break ties in the order.
      const product = Object.assign(new Product(), { name: `Item ${Math.floor(p / 2)}`, price: '1.00', category: ref(category) });
      catalogEm.persist(product);
      const level = Object.assign(new StockLevel(), { productId: product.id, quantityInStock: 1, reorderPoint: 5 });
      inventoryEm.persist(level);
      for (let m = 0; m < MOVEMENTS_PER_STOCK; m += 1) {
        inventoryEm.persist(
          Object.assign(new StockMovement(), {
            stockLevel: ref(level),
            delta: m + 1,
            quantityAfter: m + 1,
            kind: 'ADJUSTMENT',
            reason: `move ${m}`,
            actorId: moderator.id,
            // Pairs of movements share an instant: the id breaks the tie.
            createdAt: new Date(Date.UTC(2026, 0, 1, 12, Math.floor(m / 2))),
          }),
        );
      }
    }
  }
  await catalogEm.flush();
  await inventoryEm.flush();
}

beforeAll(async () => {
  // Statements are the subgraphs' work: the router's caches would answer the repeated queries, and
  // data written straight to the databases (addCategories) is not announced to them.
  stack = await startTestStack({ env: { ...superAdminEnv, RESPONSE_CACHE: 'off', ENTITY_CACHE: 'off' }, onQuery: countStatements });
  moderator = await signUp(stack, 'MODERATOR');
  await addCategories(2);
});
afterAll(() => stack.stop());

const CATEGORIES = `query ($first: Int, $after: String) {
  categories { id products(first: $first, after: $after) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }
}`;
const LOW_STOCK_MOVEMENTS = `query ($first: Int, $movements: Int) {
  lowStock(first: $first) { edges { node { id stock { movements(first: $movements) {
    totalCount edges { node { delta reason changedBy { id } } } pageInfo { hasNextPage endCursor }
  } } } } }
}`;

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string; name: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

async function ok<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await stack.graphql<T>(query, variables, moderator.accessToken);
  if (response.body.errors || !response.body.data) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data;
}

describe('statements do not grow with the number of parents', () => {
  it('Category.products: 2 categories cost the same as 12', async () => {
    await ok(CATEGORIES, { first: 5 }); // warm up connections and caches
    resetStatements();
    const few = await ok<{ categories: { products: Page }[] }>(CATEGORIES, { first: 5 });
    const fewCounts = counts();
    expect(few.categories).toHaveLength(2);

    await addCategories(10);
    resetStatements();
    const many = await ok<{ categories: { products: Page }[] }>(CATEGORIES, { first: 5 });
    expect(many.categories).toHaveLength(12);
    expect(many.categories.every((c) => c.products.totalCount === PRODUCTS_PER_CATEGORY && c.products.edges.length === 5)).toBe(true);
    expect(counts()).toEqual(fewCounts);
    // The categories, every category's page, and one grouped count.
    expect(counts()).toEqual({ catalog: 3 });
  });

  it('StockLevel.movements: 2 low-stock products cost the same as 40', async () => {
    await ok(LOW_STOCK_MOVEMENTS, { first: 1, movements: 3 });
    resetStatements();
    await ok(LOW_STOCK_MOVEMENTS, { first: 2, movements: 3 });
    const few = counts();
    resetStatements();
    const many = await ok<{ lowStock: { edges: { node: { stock: { movements: Page } } }[] } }>(LOW_STOCK_MOVEMENTS, { first: 40, movements: 3 });
    expect(many.lowStock.edges).toHaveLength(40);
    for (const { node } of many.lowStock.edges) {
      expect(node.stock.movements.totalCount).toBe(MOVEMENTS_PER_STOCK);
      expect(node.stock.movements.edges).toHaveLength(3);
      expect(node.stock.movements.pageInfo.hasNextPage).toBe(true);
    }
    expect(counts()).toEqual(few);
    // Inventory: lowStock's page (no count: its totalCount is not selected), one batch of stock,
    // every level's movements and one count.
    expect(counts().inventory).toBe(4);
  });
});

describe('pages are the ones findConnection gives', () => {
  /** Walks a list page by page with `next(after)`, collecting what a client would see. */
  async function walk(next: (after: string | null) => Promise<Page>): Promise<{ pages: Page[]; ids: string[] }> {
    const pages: Page[] = [];
    let after: string | null = null;
    do {
      const page = await next(after);
      pages.push(page);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return { pages, ids: pages.flatMap((page) => page.edges.map((edge) => edge.node.id)) };
  }

  it('Category.products matches products(filter: { categoryId }) page for page, cursors included', async () => {
    const { categories } = await ok<{ categories: { id: string }[] }>('{ categories { id } }', {});
    for (const { id } of categories.slice(0, 3)) {
      const nested = await walk(async (after) => {
        const data = await ok<{ category: { products: Page } }>(
          'query ($id: ID, $after: String) { category(id: $id) { products(first: 3, after: $after) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } } }',
          { id, after },
        );
        return data.category.products;
      });
      const flat = await walk(async (after) => {
        const data = await ok<{ products: Page }>(
          'query ($filter: ProductFilter, $after: String) { products(first: 3, after: $after, filter: $filter) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }',
          { filter: { categoryId: id }, after },
        );
        return data.products;
      });
      expect(nested.pages).toEqual(flat.pages);
      expect(nested.ids).toHaveLength(PRODUCTS_PER_CATEGORY);
      expect(new Set(nested.ids).size).toBe(PRODUCTS_PER_CATEGORY);
    }
  });

  it('StockLevel.movements walks every movement once, newest first, across tied instants', async () => {
    const MOVEMENTS = `query ($first: Int, $after: String) {
      lowStock(first: 3) { edges { node { id stock { movements(first: $first, after: $after) {
        totalCount edges { cursor node { id name: reason } } pageInfo { hasNextPage endCursor }
      } } } } }
    }`;
    type Data = { lowStock: { edges: { node: { id: string; stock: { movements: Page } } }[] } };
    const all = await ok<Data>(MOVEMENTS, { first: 100 });
    expect(all.lowStock.edges).toHaveLength(3);
    for (const [index, edge] of all.lowStock.edges.entries()) {
      const everything = edge.node.stock.movements;
      const reasons = everything.edges.map((e) => e.node.name);
      // Minute 2 holds move 4; minutes 1 and 0 hold two each, ordered by id within.
      expect([reasons[0], reasons.slice(1, 3).sort(), reasons.slice(3).sort()]).toEqual(['move 4', ['move 2', 'move 3'], ['move 0', 'move 1']]);
      const walked = await walk(async (after) => (await ok<Data>(MOVEMENTS, { first: 2, after })).lowStock.edges[index]?.node.stock.movements as Page);
      expect(walked.pages).toHaveLength(3);
      expect(walked.ids).toEqual(everything.edges.map((e) => e.node.id));
      expect(walked.pages.flatMap((page) => page.edges.map((e) => e.cursor))).toEqual(everything.edges.map((e) => e.cursor));
      expect(walked.pages.map((page) => page.totalCount)).toEqual([5, 5, 5]);
    }
  });

  it('keeps the limits: first from 0 to 100, after only from this list', async () => {
    const query = 'query ($first: Int, $after: String) { categories { products(first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }';
    const none = await ok<{ categories: { products: Page }[] }>(query, { first: 0 });
    expect(none.categories[0]?.products).toEqual({ totalCount: PRODUCTS_PER_CATEGORY, edges: [], pageInfo: { hasNextPage: true, endCursor: null } });

    const tooMany = await stack.graphql(query, { first: 101 });
    expect(errorCodes(tooMany)[0]).toBe('BAD_USER_INPUT');
    expect(tooMany.body.errors?.[0]?.extensions?.field).toBe('first');

    const foreign = await stack.graphql(query, { first: 2, after: Buffer.from('["just one"]').toString('base64url') });
    expect(errorCodes(foreign)[0]).toBe('BAD_USER_INPUT');
    expect(foreign.body.errors?.[0]?.extensions?.field).toBe('after');
  });
});
