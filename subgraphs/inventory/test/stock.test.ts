import { errorCodes, startTestStack, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';

const STOCK_FIELDS = `id name inStock stock {
  quantityInStock reorderPoint unitCost supplier lastRestockedAt needsReorder
  movements(first: 10) { totalCount edges { node { delta quantityAfter kind reason changedBy { id name } createdAt } } }
}`;
const SET_STOCK = `mutation ($input: SetStockInput!) { setStock(input: $input) { ${STOCK_FIELDS} } }`;
const RESTOCK = `mutation ($input: RestockInput!) { restock(input: $input) { ${STOCK_FIELDS} } }`;
const ADJUST = 'mutation ($input: AdjustStockInput!) { adjustStock(input: $input) { id stock { quantityInStock } } }';
const PRODUCT = 'query ($id: ID!) { product(id: $id) { name price inStock stock { quantityInStock } } }';
const LOW_STOCK = `query ($first: Int, $after: String) {
  lowStock(first: $first, after: $after) { totalCount edges { node { id name stock { quantityInStock reorderPoint } } } pageInfo { hasNextPage endCursor } }
}`;
const UNKNOWN_PRODUCT = '00000000-0000-4000-8000-000000000099';

interface StockView {
  quantityInStock: number;
  reorderPoint: number;
  unitCost: string | null;
  supplier: string | null;
  lastRestockedAt: string | null;
  needsReorder: boolean;
  movements: { totalCount: number; edges: { node: { delta: number; quantityAfter: number; kind: string; reason: string; changedBy: { id: string; name: string } } }[] };
}

let stack: TestStack;
let admin: SignedIn;
let moderator: SignedIn;
let user: SignedIn;
let categoryId: string;

async function newProduct(name: string): Promise<string> {
  const response = await stack.graphql<{ createProduct: { id: string } }>(
    'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    { input: { name, price: '2.00', categoryId } },
    admin.accessToken,
  );
  if (!response.body.data) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data.createProduct.id;
}

async function quantityOf(productId: string): Promise<number | undefined> {
  const response = await stack.graphql<{ product: { stock: { quantityInStock: number } | null } }>(PRODUCT, { id: productId }, moderator.accessToken);
  return response.body.data?.product.stock?.quantityInStock;
}

beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
  [admin, moderator, user] = await Promise.all([signUp(stack, 'ADMIN', 'Stock Keeper'), signUp(stack, 'MODERATOR'), signUp(stack, 'USER')]);
  const category = await stack.graphql<{ createCategory: { id: string } }>(
    'mutation { createCategory(input: { name: "Stocked Goods" }) { id } }',
    {},
    admin.accessToken,
  );
  categoryId = category.body.data?.createCategory.id as string;
});
afterAll(() => stack.stop());

describe('stock mutations', () => {
  it('sets, restocks and adjusts stock, recording each change as a movement with who and why', async () => {
    const productId = await newProduct('Peanuts');
    const set = await stack.graphql<{ setStock: { name: string; inStock: boolean; stock: StockView } }>(
      SET_STOCK,
      { input: { productId, quantityInStock: 10, reorderPoint: 4, unitCost: '0.8', supplier: 'Nut Co' } },
      admin.accessToken,
    );
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data?.setStock).toMatchObject({
      name: 'Peanuts',
      inStock: true,
      stock: { quantityInStock: 10, reorderPoint: 4, unitCost: '0.80', supplier: 'Nut Co', lastRestockedAt: null, needsReorder: false },
    });

    const restocked = await stack.graphql<{ restock: { stock: StockView } }>(RESTOCK, { input: { productId, quantity: 5, supplier: 'Nut Bros' } }, admin.accessToken);
    const stock = restocked.body.data?.restock.stock as StockView;
    expect(stock).toMatchObject({ quantityInStock: 15, supplier: 'Nut Bros', unitCost: '0.80', reorderPoint: 4 });
    expect(Date.parse(String(stock.lastRestockedAt))).not.toBeNaN();

    const adjusted = await stack.graphql(ADJUST, { input: { productId, delta: -12, reason: ' sold at the premiere ' } }, admin.accessToken);
    expect(adjusted.body.data?.adjustStock).toEqual({ id: productId, stock: { quantityInStock: 3 } });

    const read = await stack.graphql<{ product: { stock: StockView } }>(`query ($id: ID!) { product(id: $id) { ${STOCK_FIELDS} } }`, { id: productId }, moderator.accessToken);
    const movements = read.body.data?.product.stock.movements;
    expect(read.body.data?.product.stock.needsReorder).toBe(true);
    expect(movements?.totalCount).toBe(3);
    expect(movements?.edges.map((e) => [e.node.kind, e.node.delta, e.node.quantityAfter, e.node.reason])).toEqual([
      ['ADJUSTMENT', -12, 3, 'sold at the premiere'],
      ['RESTOCK', 5, 15, 'Delivery from Nut Bros'],
      ['SET', 10, 10, 'Stock counted and set'],
    ]);
    // "Who" is a User reference the router completes from auth.
    expect(movements?.edges[0]?.node.changedBy).toEqual({ id: admin.id, name: 'Stock Keeper' });
  });

  it('answers CONFLICT for a decrement below zero and changes nothing', async () => {
    const productId = await newProduct('Crisps');
    await stack.graphql(SET_STOCK, { input: { productId, quantityInStock: 2 } }, admin.accessToken);
    const refused = await stack.graphql(ADJUST, { input: { productId, delta: -3, reason: 'sale' } }, admin.accessToken);
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(await quantityOf(productId)).toBe(2);
    const movements = await stack.graphql<{ product: { stock: StockView } }>(`query ($id: ID!) { product(id: $id) { ${STOCK_FIELDS} } }`, { id: productId }, moderator.accessToken);
    expect(movements.body.data?.product.stock.movements.totalCount).toBe(1);
    // A product never stocked has nothing to take away either, and stays unstocked.
    const fresh = await newProduct('Never Stocked');
    expect(errorCodes(await stack.graphql(ADJUST, { input: { productId: fresh, delta: -1, reason: 'sale' } }, admin.accessToken))).toEqual(['CONFLICT']);
    expect(await quantityOf(fresh)).toBeUndefined();
  });

  it('lets exactly as many of 50 simultaneous decrements succeed as there is stock, never going below zero', async () => {
    const productId = await newProduct('Limited Edition Cup');
    await stack.graphql(SET_STOCK, { input: { productId, quantityInStock: 20 } }, admin.accessToken);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => stack.graphql(ADJUST, { input: { productId, delta: -1, reason: 'sale' } }, admin.accessToken)),
    );
    const codes = results.map((r) => errorCodes(r)[0] ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(20);
    // The rest are refused: out of stock, or (a busy machine, the pool full) retryable.
    expect(codes.filter((c) => c !== 'OK' && c !== 'CONFLICT' && c !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    expect(codes.filter((c) => c === 'CONFLICT').length).toBeGreaterThan(0);
    expect(await quantityOf(productId)).toBe(0);
    const movements = await stack.graphql<{ product: { stock: StockView } }>(`query ($id: ID!) { product(id: $id) { ${STOCK_FIELDS} } }`, { id: productId }, moderator.accessToken);
    expect(movements.body.data?.product.stock.movements.totalCount).toBe(21);
  });

  it('refuses stock for a product catalog does not have with NOT_FOUND, writing nothing', async () => {
    for (const [mutation, input] of [
      [SET_STOCK, { productId: UNKNOWN_PRODUCT, quantityInStock: 5 }],
      [RESTOCK, { productId: UNKNOWN_PRODUCT, quantity: 5 }],
      [ADJUST, { productId: UNKNOWN_PRODUCT, delta: 5, reason: 'found some' }],
      [SET_STOCK, { productId: 'not-a-uuid', quantityInStock: 5 }],
    ] as const) {
      expect(errorCodes(await stack.graphql(mutation, { input }, admin.accessToken))).toEqual(['NOT_FOUND']);
    }
    const count = await stack.subgraphs.inventory?.service.orm.em.fork().getConnection().execute('select count(*)::int as n from stock_levels where product_id = ?', [UNKNOWN_PRODUCT]);
    expect(count?.[0]).toEqual({ n: 0 });
  });

  it.each([
    [SET_STOCK, { quantityInStock: -1 }, 'quantityInStock'],
    [SET_STOCK, { quantityInStock: 1, reorderPoint: -1 }, 'reorderPoint'],
    [SET_STOCK, { quantityInStock: 1, unitCost: '-0.50' }, 'unitCost'],
    [RESTOCK, { quantity: 0 }, 'quantity'],
    [ADJUST, { delta: 0, reason: 'nothing' }, 'delta'],
    [ADJUST, { delta: 1, reason: '  ' }, 'reason'],
  ])('refuses bad input with BAD_USER_INPUT on the field (%#)', async (mutation, input, field) => {
    const productId = await newProduct(`Validated ${field}`);
    const response = await stack.graphql(mutation, { input: { productId, ...input } }, admin.accessToken);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('is ADMIN and up: anonymous is UNAUTHENTICATED, USER and MODERATOR are FORBIDDEN', async () => {
    const productId = await newProduct('Guarded Stock');
    for (const [mutation, input] of [
      [SET_STOCK, { productId, quantityInStock: 5 }],
      [RESTOCK, { productId, quantity: 5 }],
      [ADJUST, { productId, delta: 5, reason: 'found' }],
    ] as const) {
      expect(errorCodes(await stack.graphql(mutation, { input }))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await stack.graphql(mutation, { input }, user.accessToken))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await stack.graphql(mutation, { input }, moderator.accessToken))).toEqual(['FORBIDDEN']);
    }
    expect(await quantityOf(productId)).toBeUndefined();
  });
});

describe('reading stock', () => {
  it('shows inStock to anyone, and stock only to staff: others get FORBIDDEN on that field alone', async () => {
    const productId = await newProduct('Visible Snack');
    await stack.graphql(SET_STOCK, { input: { productId, quantityInStock: 3 } }, admin.accessToken);
    for (const token of [undefined, user.accessToken]) {
      const response = await stack.graphql(PRODUCT, { id: productId }, token);
      expect(response.body.data?.product).toEqual({ name: 'Visible Snack', price: '2.00', inStock: true, stock: null });
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
      expect(response.body.errors?.[0]?.path).toEqual(['product', 'stock']);
    }
    const staff = await stack.graphql(PRODUCT, { id: productId }, moderator.accessToken);
    expect(staff.body).toEqual({ data: { product: { name: 'Visible Snack', price: '2.00', inStock: true, stock: { quantityInStock: 3 } } } });
  });

  it('answers null stock and inStock false for a product never stocked, inStock false at zero', async () => {
    const never = await newProduct('Unstocked');
    expect((await stack.graphql(PRODUCT, { id: never }, moderator.accessToken)).body.data?.product).toMatchObject({ inStock: false, stock: null });
    const empty = await newProduct('Sold Out');
    await stack.graphql(SET_STOCK, { input: { productId: empty, quantityInStock: 0 } }, admin.accessToken);
    expect((await stack.graphql(PRODUCT, { id: empty }, moderator.accessToken)).body.data?.product).toMatchObject({ inStock: false, stock: { quantityInStock: 0 } });
  });

  it('lists products at or under their reorder point to staff, emptiest first, completed from catalog', async () => {
    const low = await newProduct('Low Item');
    const atPoint = await newProduct('At Point Item');
    const plenty = await newProduct('Plenty Item');
    await stack.graphql(SET_STOCK, { input: { productId: low, quantityInStock: 1, reorderPoint: 5 } }, admin.accessToken);
    await stack.graphql(SET_STOCK, { input: { productId: atPoint, quantityInStock: 5, reorderPoint: 5 } }, admin.accessToken);
    await stack.graphql(SET_STOCK, { input: { productId: plenty, quantityInStock: 50, reorderPoint: 5 } }, admin.accessToken);

    const names: string[] = [];
    let after: string | null = null;
    do {
      const response: { body: { data?: { lowStock: { edges: { node: { id: string; name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } } =
        await stack.graphql(LOW_STOCK, { first: 2, after }, moderator.accessToken);
      const page = response.body.data?.lowStock;
      names.push(...(page?.edges.map((e) => e.node.name) ?? []));
      after = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(names).toContain('Low Item');
    expect(names).toContain('At Point Item');
    expect(names).not.toContain('Plenty Item');
    expect(names.indexOf('Low Item')).toBeLessThan(names.indexOf('At Point Item'));

    expect(errorCodes(await stack.graphql(LOW_STOCK, {}))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await stack.graphql(LOW_STOCK, {}, user.accessToken))).toEqual(['FORBIDDEN']);
  });
});

// Last: it takes catalog down for the rest of this file.
describe('when catalog cannot be reached', () => {
  it('fails the stock mutation with SERVICE_UNAVAILABLE and writes nothing', async () => {
    const productId = await newProduct('Orphaned By Outage');
    await stack.graphql(SET_STOCK, { input: { productId, quantityInStock: 7 } }, admin.accessToken);
    const catalog = stack.subgraphs.catalog?.service.http.server;
    await new Promise<void>((resolve) => {
      catalog?.close(() => resolve());
      catalog?.closeAllConnections();
    });
    const response = await stack.graphql('mutation ($input: AdjustStockInput!) { adjustStock(input: $input) { id } }', {
      input: { productId, delta: 3, reason: 'found' },
    }, admin.accessToken);
    expect(errorCodes(response)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(response.body.errors?.[0]?.message).toMatch(/catalog could not be reached.*nothing was changed/i);
    const rows = await stack.subgraphs.inventory?.service.orm.em.fork().getConnection().execute(
      'select quantity_in_stock as q, (select count(*)::int from stock_movements m where m.product_id = s.product_id) as movements from stock_levels s where product_id = ?',
      [productId],
    );
    expect(rows?.[0]).toEqual({ q: 7, movements: 1 });
  });
});
