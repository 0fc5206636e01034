import { errorCodes, startTestStack, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';

const CREATE_CATEGORY = 'mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { id name slug description } }';
const UPDATE_CATEGORY = 'mutation ($id: ID!, $input: UpdateCategoryInput!) { updateCategory(id: $id, input: $input) { id name slug description } }';
const DELETE_CATEGORY = 'mutation ($id: ID!) { deleteCategory(id: $id) }';
const CREATE_PRODUCT = `mutation ($input: CreateProductInput!) {
  createProduct(input: $input) { id name description price category { id name } createdAt updatedAt }
}`;
const UPDATE_PRODUCT = 'mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id name price category { slug } } }';
const DELETE_PRODUCT = 'mutation ($id: ID!) { deleteProduct(id: $id) }';
const PRODUCTS = `query ($first: Int, $after: String, $filter: ProductFilter) {
  products(first: $first, after: $after, filter: $filter) {
    totalCount edges { cursor node { id name price category { slug } } } pageInfo { hasNextPage endCursor }
  }
}`;

interface ProductPage {
  totalCount: number;
  edges: { node: { id: string; name: string; price: string; category: { slug: string } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

let stack: TestStack;
let admin: SignedIn;
let drinksId: string;

async function createCategory(input: Record<string, unknown>): Promise<{ id: string; slug: string }> {
  const response = await stack.graphql<{ createCategory: { id: string; slug: string } }>(CREATE_CATEGORY, { input }, admin.accessToken);
  if (!response.body.data) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data.createCategory;
}

async function createProduct(input: Record<string, unknown>): Promise<{ id: string }> {
  const response = await stack.graphql<{ createProduct: { id: string } }>(CREATE_PRODUCT, { input }, admin.accessToken);
  if (!response.body.data) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data.createProduct;
}

beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
  admin = await signUp(stack, 'ADMIN');
  drinksId = (await createCategory({ name: 'Cold Drinks', description: 'Fizzy and still.' })).id;
});
afterAll(() => stack.stop());

describe('categories', () => {
  it('makes a slug from the name when none is given, and finds the category by id or slug', async () => {
    const created = await createCategory({ name: '  Café & Crème Snacks! ' });
    expect(created.slug).toBe('cafe-creme-snacks');
    const byId = await stack.graphql('query ($id: ID) { category(id: $id) { name slug } }', { id: created.id });
    const bySlug = await stack.graphql('query ($slug: String) { category(slug: $slug) { id name } }', { slug: 'cafe-creme-snacks' });
    expect(byId.body.data?.category).toEqual({ name: 'Café & Crème Snacks!', slug: 'cafe-creme-snacks' });
    expect(bySlug.body.data?.category).toEqual({ id: created.id, name: 'Café & Crème Snacks!' });
    const listed = await stack.graphql<{ categories: { id: string }[] }>('{ categories { id name } }');
    expect(listed.body.data?.categories.map((c) => c.id)).toEqual(expect.arrayContaining([created.id, drinksId]));
  });

  it('answers null for an unknown category and BAD_USER_INPUT unless exactly one of id and slug is given', async () => {
    const missing = await stack.graphql('{ category(slug: "no-such-thing") { id } }');
    expect(missing.body.data?.category).toBeNull();
    expect(errorCodes(await stack.graphql('{ category { id } }'))).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a slug that is taken (CONFLICT) or badly formed (BAD_USER_INPUT on slug)', async () => {
    await createCategory({ name: 'Sweets', slug: 'sweets' });
    const taken = await stack.graphql(CREATE_CATEGORY, { input: { name: 'Other Sweets', slug: 'sweets' } }, admin.accessToken);
    expect(errorCodes(taken)).toEqual(['CONFLICT']);
    const generatedTaken = await stack.graphql(CREATE_CATEGORY, { input: { name: 'SWEETS' } }, admin.accessToken);
    expect(errorCodes(generatedTaken)).toEqual(['CONFLICT']);
    for (const slug of ['Upper', 'two--dashes', '-edge', 'space d']) {
      const bad = await stack.graphql(CREATE_CATEGORY, { input: { name: 'Fine', slug } }, admin.accessToken);
      expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
    }
  });

  it('refuses names that are empty or longer than 200 characters', async () => {
    for (const name of ['   ', 'x'.repeat(201)]) {
      const response = await stack.graphql(CREATE_CATEGORY, { input: { name } }, admin.accessToken);
      expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    }
    expect(errorCodes(await stack.graphql(CREATE_CATEGORY, { input: { name: 'x'.repeat(200) } }, admin.accessToken))).toEqual([]);
  });

  it('updates only the fields given and keeps the slug when only the name changes', async () => {
    const category = await createCategory({ name: 'Hot Food' });
    const renamed = await stack.graphql(UPDATE_CATEGORY, { id: category.id, input: { name: 'Warm Food' } }, admin.accessToken);
    expect(renamed.body.data?.updateCategory).toMatchObject({ name: 'Warm Food', slug: 'hot-food' });
    const reslugged = await stack.graphql(UPDATE_CATEGORY, { id: category.id, input: { slug: 'warm-food', description: 'Pies.' } }, admin.accessToken);
    expect(reslugged.body.data?.updateCategory).toMatchObject({ name: 'Warm Food', slug: 'warm-food', description: 'Pies.' });
    const unknown = await stack.graphql(UPDATE_CATEGORY, { id: '00000000-0000-4000-8000-000000000099', input: { name: 'X' } }, admin.accessToken);
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
  });

  it('deletes an empty category but answers CONFLICT while it has products', async () => {
    const category = await createCategory({ name: 'Short Lived' });
    const product = await createProduct({ name: 'Only Item', price: '1.00', categoryId: category.id });
    expect(errorCodes(await stack.graphql(DELETE_CATEGORY, { id: category.id }, admin.accessToken))).toEqual(['CONFLICT']);
    expect((await stack.graphql(DELETE_PRODUCT, { id: product.id }, admin.accessToken)).body.data).toEqual({ deleteProduct: product.id });
    expect((await stack.graphql(DELETE_CATEGORY, { id: category.id }, admin.accessToken)).body.data).toEqual({ deleteCategory: category.id });
    expect((await stack.graphql('query ($id: ID) { category(id: $id) { id } }', { id: category.id })).body.data?.category).toBeNull();
    expect(errorCodes(await stack.graphql(DELETE_CATEGORY, { id: category.id }, admin.accessToken))).toEqual(['NOT_FOUND']);
  });
});

describe('products', () => {
  it('creates a product with a two-place price and shows it to anyone, with its category', async () => {
    const response = await stack.graphql<{ createProduct: Record<string, unknown> }>(
      CREATE_PRODUCT,
      { input: { name: ' Lemonade ', description: 'Fresh.', price: '3.5', categoryId: drinksId } },
      admin.accessToken,
    );
    expect(response.body.errors).toBeUndefined();
    const created = response.body.data?.createProduct as { id: string; createdAt: string };
    expect(created).toMatchObject({ name: 'Lemonade', description: 'Fresh.', price: '3.50', category: { id: drinksId, name: 'Cold Drinks' } });
    expect(Date.parse(created.createdAt)).not.toBeNaN();
    const read = await stack.graphql('query ($id: ID!) { product(id: $id) { name price category { slug } } }', { id: created.id });
    expect(read.body.data?.product).toEqual({ name: 'Lemonade', price: '3.50', category: { slug: 'cold-drinks' } });
    expect((await stack.graphql('query ($id: ID!) { product(id: $id) { id } }', { id: '00000000-0000-4000-8000-000000000099' })).body.data?.product).toBeNull();
  });

  it.each([
    ['a zero price', { price: '0' }, 'price'],
    ['a negative price', { price: '-2.00' }, 'price'],
    ['an empty name', { name: '' }, 'name'],
    ['a name over 200 characters', { name: 'n'.repeat(201) }, 'name'],
  ])('refuses %s with BAD_USER_INPUT on the field', async (_label, change, field) => {
    const response = await stack.graphql(CREATE_PRODUCT, { input: { name: 'Valid', price: '1.00', categoryId: drinksId, ...change } }, admin.accessToken);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a price with more than two decimals', async () => {
    const response = await stack.graphql(CREATE_PRODUCT, { input: { name: 'Valid', price: '1.999', categoryId: drinksId } }, admin.accessToken);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('answers NOT_FOUND for an unknown category, on create and on update', async () => {
    const unknown = '00000000-0000-4000-8000-000000000099';
    expect(errorCodes(await stack.graphql(CREATE_PRODUCT, { input: { name: 'X', price: '1.00', categoryId: unknown } }, admin.accessToken))).toEqual([
      'NOT_FOUND',
    ]);
    const product = await createProduct({ name: 'Moved', price: '1.00', categoryId: drinksId });
    expect(errorCodes(await stack.graphql(UPDATE_PRODUCT, { id: product.id, input: { categoryId: unknown } }, admin.accessToken))).toEqual([
      'NOT_FOUND',
    ]);
    expect(errorCodes(await stack.graphql(UPDATE_PRODUCT, { id: unknown, input: { name: 'Y' } }, admin.accessToken))).toEqual(['NOT_FOUND']);
  });

  it('updates the fields given, including the category', async () => {
    const snacks = await createCategory({ name: 'Savoury Snacks' });
    const product = await createProduct({ name: 'Pretzel', price: '2.00', categoryId: drinksId });
    const response = await stack.graphql(UPDATE_PRODUCT, { id: product.id, input: { price: '2.25', categoryId: snacks.id } }, admin.accessToken);
    expect(response.body.data?.updateProduct).toEqual({ id: product.id, name: 'Pretzel', price: '2.25', category: { slug: 'savoury-snacks' } });
    const zero = await stack.graphql(UPDATE_PRODUCT, { id: product.id, input: { price: '0.00' } }, admin.accessToken);
    expect(zero.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'price' });
  });

  it('searches names and descriptions case-insensitively, filters by category and pages with cursors', async () => {
    const juices = await createCategory({ name: 'Juices' });
    await createProduct({ name: 'Orange JUICE', price: '3.00', categoryId: juices.id });
    await createProduct({ name: 'Apple Spritzer', description: 'Apple juice with sparkling water', price: '3.20', categoryId: juices.id });
    await createProduct({ name: 'Tomato Juice', price: '2.80', categoryId: drinksId });
    await createProduct({ name: '100% Juice_Blend', price: '4.00', categoryId: juices.id });

    const searched = await stack.graphql<{ products: ProductPage }>(PRODUCTS, { filter: { search: 'juice' } });
    expect(searched.body.data?.products.edges.map((e) => e.node.name)).toEqual(['100% Juice_Blend', 'Apple Spritzer', 'Orange JUICE', 'Tomato Juice']);
    const inCategory = await stack.graphql<{ products: ProductPage }>(PRODUCTS, { filter: { search: 'JUICE', categoryId: juices.id } });
    expect(inCategory.body.data?.products.totalCount).toBe(3);
    // % and _ are text, not wildcards.
    const literal = await stack.graphql<{ products: ProductPage }>(PRODUCTS, { filter: { search: '0% juice_' } });
    expect(literal.body.data?.products.edges.map((e) => e.node.name)).toEqual(['100% Juice_Blend']);

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { body: { data?: { products: ProductPage } | null } } = await stack.graphql<{ products: ProductPage }>(PRODUCTS, {
        first: 2,
        after,
        filter: { categoryId: juices.id },
      });
      const products = page.body.data?.products as ProductPage;
      seen.push(...products.edges.map((e) => e.node.name));
      after = products.pageInfo.hasNextPage ? products.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(['100% Juice_Blend', 'Apple Spritzer', 'Orange JUICE']);

    const viaCategory = await stack.graphql('query ($id: ID) { category(id: $id) { products(first: 1) { totalCount edges { node { name } } } } }', { id: juices.id });
    expect(viaCategory.body.data?.category).toEqual({ products: { totalCount: 3, edges: [{ node: { name: '100% Juice_Blend' } }] } });
  });

  it('refuses a page larger than 100 and a cursor from elsewhere', async () => {
    expect((await stack.graphql(PRODUCTS, { first: 101 })).body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await stack.graphql(PRODUCTS, { first: 1, after: 'not-a-cursor' })).body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
  });
});

describe('who may change the catalog', () => {
  it('is ADMIN and up: anonymous is UNAUTHENTICATED, USER and MODERATOR are FORBIDDEN', async () => {
    const user = await signUp(stack, 'USER');
    const moderator = await signUp(stack, 'MODERATOR');
    const product = await createProduct({ name: 'Guarded', price: '1.00', categoryId: drinksId });
    const attempts: [string, Record<string, unknown>][] = [
      [CREATE_CATEGORY, { input: { name: 'Nope' } }],
      [UPDATE_CATEGORY, { id: drinksId, input: { name: 'Nope' } }],
      [DELETE_CATEGORY, { id: drinksId }],
      [CREATE_PRODUCT, { input: { name: 'Nope', price: '1.00', categoryId: drinksId } }],
      [UPDATE_PRODUCT, { id: product.id, input: { name: 'Nope' } }],
      [DELETE_PRODUCT, { id: product.id }],
    ];
    for (const [mutation, variables] of attempts) {
      expect(errorCodes(await stack.graphql(mutation, variables))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await stack.graphql(mutation, variables, user.accessToken))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await stack.graphql(mutation, variables, moderator.accessToken))).toEqual(['FORBIDDEN']);
    }
    const still = await stack.graphql('query ($id: ID!) { product(id: $id) { name } }', { id: product.id });
    expect(still.body.data?.product).toEqual({ name: 'Guarded' });
  });
});
