import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../test/support/users.js';

/**
 * Issue 9 item 13: with a subgraph down, the fields it owns come back null with an error naming
 * it, and everything the others own still arrives. The subgraphs are stopped one after another;
 * after each stop, every field of the ones still running is checked.
 */
let stack: TestStack;
let user: SignedIn;
beforeAll(async () => {
  // Without the router's caches: a stopped subgraph's public entities could still be served from them.
  stack = await startTestStack({ env: { ...superAdminEnv, RESPONSE_CACHE: 'off', ENTITY_CACHE: 'off' } });
  user = await signUp(stack);
  // One product, so there is something for catalog and inventory to answer about.
  const admin = await signUp(stack, 'ADMIN');
  const category = await stack.graphql<{ createCategory: { id: string } }>(
    'mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { id } }',
    { input: { name: 'Snacks for partial answers' } },
    admin.accessToken,
  );
  const product = await stack.graphql<{ createProduct: { id: string } }>(
    'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    { input: { name: 'Popcorn', price: '4.50', categoryId: category.body.data?.createCategory.id } },
    admin.accessToken,
  );
  expect(product.body.errors).toBeUndefined();
});
afterAll(() => stack.stop());

const QUERY = `{
  me { id bookings(first: 1) { totalCount } orders(first: 1) { totalCount } }
  products(first: 2) { edges { node { name inStock } } }
  categories(first: 1) { name }
  movies(first: 1) { totalCount }
  theaters(first: 1) { name }
  restaurants(first: 1) { totalCount }
}`;

interface Answer {
  me: { id: string; bookings: { totalCount: number } | null; orders: { totalCount: number } | null } | null;
  products: { edges: { node: { name: string | null; inStock: boolean | null } }[] } | null;
  categories: { name: string }[] | null;
  movies: { totalCount: number } | null;
  theaters: { name: string }[] | null;
  restaurants: { totalCount: number } | null;
}

/** Which parts of the answer are there, by the subgraph that owns them. */
function present(data: Answer | null | undefined) {
  return {
    auth: typeof data?.me?.id === 'string',
    booking: typeof data?.movies?.totalCount === 'number' && Array.isArray(data.theaters) && typeof data.me?.bookings?.totalCount === 'number',
    food: typeof data?.restaurants?.totalCount === 'number' && typeof data.me?.orders?.totalCount === 'number',
    catalog: Array.isArray(data?.categories) && (data?.products?.edges.length ?? 0) > 0 && data!.products!.edges.every((edge) => typeof edge.node.name === 'string'),
    inventory: (data?.products?.edges.length ?? 0) > 0 && data!.products!.edges.every((edge) => typeof edge.node.inStock === 'boolean'),
  };
}

it('answers every part while all subgraphs run', async () => {
  const response = await stack.graphql<Answer>(QUERY, {}, user.accessToken);
  expect(response.body.errors).toBeUndefined();
  expect(present(response.body.data)).toEqual({ auth: true, booking: true, food: true, catalog: true, inventory: true });
});

it('keeps the rest of the answer as each subgraph stops in turn', async () => {
  // Auth last: the token is verified against its keys, which the router has cached by then.
  const order = ['inventory', 'food', 'booking', 'catalog', 'auth'] as const;
  const running = new Set<string>(order);
  for (const name of order) {
    await stack.subgraphs[name]!.service.http.close();
    running.delete(name);
    const response = await stack.graphql<Answer>(QUERY, {}, user.accessToken);
    expect(response.status).toBe(200);
    const parts = present(response.body.data);
    for (const other of order) expect([other, parts[other]]).toEqual([other, running.has(other)]);
    const failed = new Set(response.body.errors?.map((error) => error.extensions?.serviceName));
    expect(failed.has(name)).toBe(true);
    expect(response.body.errors?.every((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE')).toBe(true);
  }
});
