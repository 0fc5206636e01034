import { ref } from '@mikro-orm/core';
import { catalogSubgraph, DEMO_PRODUCTS } from '@marquee/catalog';
import { DEMO_STOCK, inventorySubgraph } from '@marquee/inventory';
import { Category } from '../../catalog/src/entities/Category.js';
import { Product } from '../../catalog/src/entities/Product.js';
import { StockLevel } from '../src/entities/StockLevel.js';
import { startTestStack, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';

/** Statements each subgraph ran since the last reset, by subgraph name. */
const statements: Record<string, string[]> = {};
const countStatements = (subgraph: string, sql: string) => (statements[subgraph] ??= []).push(sql);
const resetStatements = () => Object.keys(statements).forEach((name) => delete statements[name]);
const counts = () => ({ catalog: statements.catalog?.length ?? 0, inventory: statements.inventory?.length ?? 0 });

let stack: TestStack;
let moderator: SignedIn;
let categoryId: string;
const productIds: string[] = [];

/** Posts straight to a subgraph, as the router would: with its secret and, optionally, a token. */
async function subgraphQuery(name: 'catalog' | 'inventory', query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(stack.subgraphs[name]?.url as string, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-router-secret': stack.routerSecret,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: { _entities: unknown[] }; errors?: { extensions?: { code?: string } }[] };
}

beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv, onQuery: countStatements });
  moderator = await signUp(stack, 'MODERATOR');
  // Setup straight through the ORMs: 100 products in one category, every one stocked at or
  // under its reorder point (so all are in lowStock too).
  const catalogEm = stack.subgraphs.catalog?.service.orm.em.fork();
  const inventoryEm = stack.subgraphs.inventory?.service.orm.em.fork();
  if (!catalogEm || !inventoryEm) throw new Error('catalog and inventory must be running');
  const category = Object.assign(new Category(), { name: 'Bulk', slug: 'bulk' });
  catalogEm.persist(category);
  for (let i = 0; i < 100; i += 1) {
    const product = Object.assign(new Product(), { name: `Bulk ${String(i).padStart(3, '0')}`, price: '1.00', category: ref(category) });
    catalogEm.persist(product);
    productIds.push(product.id);
    inventoryEm.persist(Object.assign(new StockLevel(), { productId: product.id, quantityInStock: i % 7, reorderPoint: 10 }));
  }
  await catalogEm.flush();
  await inventoryEm.flush();
  categoryId = category.id;
});
afterAll(() => stack.stop());

describe('statements per request do not grow with the list', () => {
  const PRODUCTS = `query ($first: Int, $filter: ProductFilter) {
    products(first: $first, filter: $filter) { edges { node { id name category { name } inStock stock { quantityInStock } } } }
  }`;
  const LOW_STOCK = 'query ($first: Int) { lowStock(first: $first) { edges { node { id name category { name } inStock stock { quantityInStock } } } } }';

  async function measure(query: string, variables: Record<string, unknown>, expectedLength: number) {
    resetStatements();
    const response = await stack.graphql<Record<string, { edges: { node: { category: { name: string }; stock: unknown } }[] }>>(query, variables, moderator.accessToken);
    expect(response.body.errors).toBeUndefined();
    const edges = Object.values(response.body.data ?? {})[0]?.edges ?? [];
    expect(edges).toHaveLength(expectedLength);
    expect(edges.every((edge) => edge.node.category.name === 'Bulk' && edge.node.stock !== null)).toBe(true);
    return counts();
  }

  it('costs the same for 100 products as for 10, from catalog out to inventory', async () => {
    await measure(PRODUCTS, { first: 1, filter: { categoryId } }, 1); // warm up connections and caches
    const ten = await measure(PRODUCTS, { first: 10, filter: { categoryId } }, 10);
    const hundred = await measure(PRODUCTS, { first: 100, filter: { categoryId } }, 100);
    expect(hundred).toEqual(ten);
    // Catalog: the page, with the categories its products follow joined in (no count: the query
    // selects no totalCount). Inventory: one batch of stock.
    expect(hundred).toEqual({ catalog: 1, inventory: 1 });
  });

  it('costs the same for 100 products as for 10, from inventory out to catalog', async () => {
    await measure(LOW_STOCK, { first: 1 }, 1);
    const ten = await measure(LOW_STOCK, { first: 10 }, 10);
    const hundred = await measure(LOW_STOCK, { first: 100 }, 100);
    expect(hundred).toEqual(ten);
    // Inventory: the page (no count: no totalCount selected), then one batch of stock for the
    // product fields. Catalog: one batch of products (the _entities call), one batch of categories.
    expect(hundred).toEqual({ catalog: 2, inventory: 2 });
  });
});

describe('_entities on each subgraph', () => {
  const missing = '00000000-0000-4000-8000-000000000099';

  it('catalog resolves Product and Category references in order, null for unknown ids, in one query each', async () => {
    resetStatements();
    const body = await subgraphQuery(
      'catalog',
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id name price } ... on Category { id slug } } }',
      {
        r: [
          { __typename: 'Product', id: productIds[2] },
          { __typename: 'Product', id: missing },
          { __typename: 'Category', id: categoryId },
          { __typename: 'Product', id: productIds[0] },
        ],
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      { id: productIds[2], name: 'Bulk 002', price: '1.00' },
      null,
      { id: categoryId, slug: 'bulk' },
      { id: productIds[0], name: 'Bulk 000', price: '1.00' },
    ]);
    expect(counts().catalog).toBe(2);
  });

  it('inventory resolves Product references with stock in one query, stock for staff only', async () => {
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id inStock stock { quantityInStock } } } }';
    const r = [
      { __typename: 'Product', id: productIds[1] },
      { __typename: 'Product', id: missing },
      { __typename: 'Product', id: productIds[7] },
    ];
    resetStatements();
    const staff = await subgraphQuery('inventory', query, { r }, moderator.accessToken);
    expect(staff.errors).toBeUndefined();
    expect(staff.data?._entities).toEqual([
      { id: productIds[1], inStock: true, stock: { quantityInStock: 1 } },
      { id: missing, inStock: false, stock: null },
      { id: productIds[7], inStock: false, stock: { quantityInStock: 0 } },
    ]);
    expect(counts().inventory).toBe(1);

    const anonymous = await subgraphQuery('inventory', query, { r });
    expect(anonymous.data?._entities[0]).toEqual({ id: productIds[1], inStock: true, stock: null });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
  });

  it('refuses callers without the router secret', async () => {
    const response = await fetch(stack.subgraphs.inventory?.url as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(401);
  });
});

describe('databases', () => {
  it.each(['catalog', 'inventory'])('%s migrations match its entities', async (name) => {
    const orm = stack.subgraphs[name]?.service.orm;
    expect(await orm?.getMigrator().checkMigrationNeeded()).toBe(false);
  });

  it('seeds demo categories and products with stock, once', async () => {
    expect(DEMO_STOCK.every((stock) => DEMO_PRODUCTS.some((product) => product.id === stock.productId))).toBe(true);
    const catalogOrm = stack.subgraphs.catalog?.service.orm;
    const inventoryOrm = stack.subgraphs.inventory?.service.orm;
    if (!catalogOrm || !inventoryOrm) throw new Error('catalog and inventory must be running');
    expect(await catalogSubgraph.seed?.(catalogOrm.em.fork())).toBe(11);
    expect(await inventorySubgraph.seed?.(inventoryOrm.em.fork())).toBe(DEMO_STOCK.length);
    expect(await catalogSubgraph.seed?.(catalogOrm.em.fork())).toBe(0);
    expect(await inventorySubgraph.seed?.(inventoryOrm.em.fork())).toBe(0);

    const popcorn = await stack.graphql(
      'query ($id: ID!) { product(id: $id) { name price category { slug } inStock stock { quantityInStock needsReorder movements { totalCount } } } }',
      { id: DEMO_STOCK[0].productId },
      moderator.accessToken,
    );
    expect(popcorn.body).toEqual({
      data: {
        product: {
          name: 'Large Popcorn',
          price: '7.50',
          category: { slug: 'snacks' },
          inStock: true,
          stock: { quantityInStock: 120, needsReorder: false, movements: { totalCount: 1 } },
        },
      },
    });
  });
});
