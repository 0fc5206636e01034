import { randomUUID } from 'node:crypto';
import { cacheLookups, createTestProduct, post, sqlCounter } from '../../test/support/cache.js';
import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { login, signUp, superAdminEnv, TEST_SUPER_ADMIN } from '../../test/support/users.js';

// The entity cache answers `_entities` fetches of public types per entity, for anyone; what a
// subgraph answers privately (stock levels, a staff-only list) is fetched for each caller.
const sql = sqlCounter();
let stack: TestStack;
let adminToken: string;
beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv, onQuery: sql.record });
  adminToken = (await login(stack, TEST_SUPER_ADMIN.email, TEST_SUPER_ADMIN.password)).accessToken;
});
afterAll(() => stack.stop());

async function setStock(productId: string, quantityInStock: number, reorderPoint = 5): Promise<void> {
  const answer = await stack.graphql(
    'mutation ($input: SetStockInput!) { setStock(input: $input) { id } }',
    { input: { productId, quantityInStock, reorderPoint } },
    adminToken,
  );
  expect(answer.body.errors).toBeUndefined();
}

type LowStock = { lowStock: { edges: { node: { id: string; name: string; price: string; stock: { quantityInStock: number } | null } }[] } };
const LOW_STOCK = 'query Low { lowStock(first: 50) { edges { node { id name price stock { quantityInStock } } } } }';

describe('the entity cache', () => {
  it("serves a signed-in query's public entities from the cache and fetches its private part for each caller", async () => {
    const { id } = await createTestProduct(stack, adminToken, `Licorice ${randomUUID()}`);
    await setStock(id, 2);
    const [alice, bob] = await Promise.all([signUp(stack, 'MODERATOR', 'Alice'), signUp(stack, 'MODERATOR', 'Bob')]);

    const before = await cacheLookups('entity');
    const first = await post<LowStock>(stack.routerUrl, LOW_STOCK, {}, alice.accessToken);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.lowStock.edges.map((edge) => edge.node)).toContainEqual({ id, name: expect.stringMatching(/^Licorice/), price: '4.50', stock: { quantityInStock: 2 } });
    // Staff-only: the whole answer is private, never stored by the response cache.
    expect(first.headers.get('cache-control')).toBe('no-store');

    const catalogSql = sql.of('catalog');
    const inventorySql = sql.of('inventory');
    const second = await post<LowStock>(stack.routerUrl, LOW_STOCK, {}, bob.accessToken);
    expect(second.body).toEqual(first.body);
    // The product's name and price (public, catalog) came from the entity cache; the stock
    // (private, inventory) was fetched again, with Bob's own token.
    expect(sql.of('catalog')).toBe(catalogSql);
    expect(sql.of('inventory')).toBeGreaterThan(inventorySql);
    const after = await cacheLookups('entity');
    expect(after.miss - before.miss).toBeGreaterThanOrEqual(1);
    expect(after.hit - before.hit).toBeGreaterThanOrEqual(1);

    // The private part is the caller's own: a plain user is refused it, whatever was cached.
    const user = await signUp(stack);
    const refused = await post<LowStock>(stack.routerUrl, LOW_STOCK, {}, user.accessToken);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.body.data?.lowStock ?? null).toBeNull();

    // A rename drops the cached entity: the next staff query has the new name.
    await stack.graphql('mutation ($id: ID!) { updateProduct(id: $id, input: { name: "Black licorice" }) { id } }', { id }, adminToken);
    const renamed = await post<LowStock>(stack.routerUrl, LOW_STOCK, {}, alice.accessToken);
    expect(renamed.body.data?.lowStock.edges.find((edge) => edge.node.id === id)?.node.name).toBe('Black licorice');
  });

  it('stops looking up an entity fetch whose answers are private: one lookup for the first, none after', async () => {
    const user = await signUp(stack, 'USER', 'Frances');
    // auth answers `me`, booking completes the user's bookings: an `_entities` fetch, private.
    const mine = 'query MyBookingCount { me { id bookings(first: 3) { totalCount } } }';
    const before = await cacheLookups('entity');
    for (let round = 0; round < 3; round += 1) {
      const answer = await post<{ me: { id: string; bookings: { totalCount: number } } }>(stack.routerUrl, mine, {}, user.accessToken);
      expect(answer.body.data?.me).toEqual({ id: user.id, bookings: { totalCount: 0 } });
    }
    const after = await cacheLookups('entity');
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(0);
  });

  it('reuses a cached entity in a different query that selects the same fields of it', async () => {
    const { id } = await createTestProduct(stack, adminToken, `Gummy bears ${randomUUID()}`);
    await setStock(id, 10, 0);
    const list = await post<{ products: { edges: { node: { id: string; inStock: boolean } }[] } }>(
      stack.routerUrl,
      'query Shelf($search: String) { products(first: 5, filter: { search: $search }) { edges { node { id inStock } } } }',
      { search: 'Gummy bears' },
    );
    expect(list.body.data?.products.edges).toContainEqual({ node: { id, inStock: true } });
    const inventorySql = sql.of('inventory');
    const one = await post<{ product: { id: string; inStock: boolean } }>(stack.routerUrl, 'query One($id: ID!) { product(id: $id) { id inStock } }', { id });
    expect(one.body.data?.product).toEqual({ id, inStock: true });
    // Another answer (so not the response cache), yet inventory was not asked again.
    expect(one.headers.get('age')).toBeNull();
    expect(sql.of('inventory')).toBe(inventorySql);

    // A stock change drops it: sold out now.
    await setStock(id, 0, 0);
    const after = await post<{ product: { inStock: boolean } }>(stack.routerUrl, 'query One($id: ID!) { product(id: $id) { id inStock } }', { id });
    expect(after.body.data?.product.inStock).toBe(false);
  });
});
