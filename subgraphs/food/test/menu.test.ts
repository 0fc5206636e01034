import { ROUTER_SECRET_HEADER } from '@marquee/platform';
import { seedFood } from '@marquee/food';
import { errorCodes, startTestStack, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';
import { createTestMenu, placeTestOrder } from '../../../test/support/food.js';

let stack: TestStack;
let admin: SignedIn;
const foodStatements: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv, onQuery: (subgraph, sql) => subgraph === 'food' && foodStatements.push(sql) });
  admin = await signUp(stack, 'ADMIN');
});
afterAll(() => stack.stop());

const CREATE_RESTAURANT = 'mutation ($input: CreateRestaurantInput!) { createRestaurant(input: $input) { id name phone } }';

describe('managing restaurants and menus', () => {
  it('is for ADMIN and up', async () => {
    const user = await signUp(stack);
    const staff = await signUp(stack, 'MODERATOR');
    const input = { name: 'Nope', address: 'Nowhere 1' };
    expect(errorCodes(await stack.graphql(CREATE_RESTAURANT, { input }, user.accessToken))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await stack.graphql(CREATE_RESTAURANT, { input }, staff.accessToken))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await stack.graphql(CREATE_RESTAURANT, { input }))).toEqual(['UNAUTHENTICATED']);
  });

  it('shows the menu by category, with prices as two-place decimals', async () => {
    const menu = await createTestMenu(stack, admin.accessToken, 'Menu Kitchen');
    const drinks = await stack.graphql<{ createFoodCategory: { id: string } }>(
      'mutation ($input: CreateFoodCategoryInput!) { createFoodCategory(input: $input) { id } }',
      { input: { restaurantId: menu.restaurant.id, name: 'Drinks', description: 'Cold ones' } },
      admin.accessToken,
    );
    const drinksId = drinks.body.data!.createFoodCategory.id;
    await stack.graphql(
      'mutation ($input: CreateMenuItemInput!) { createMenuItem(input: $input) { id } }',
      { input: { restaurantId: menu.restaurant.id, categoryId: drinksId, name: 'Lemonade', price: '3.5' } },
      admin.accessToken,
    );
    const response = await stack.graphql(
      `query ($id: ID!, $drinks: ID!) { restaurant(id: $id) {
        name categories { name description }
        all: menu { name price available category { name } }
        drinks: menu(categoryId: $drinks) { name price }
      } }`,
      { id: menu.restaurant.id, drinks: drinksId },
    );
    expect(response.body.data?.restaurant).toEqual({
      name: 'Menu Kitchen',
      categories: [
        { name: 'Drinks', description: 'Cold ones' },
        { name: 'Snacks', description: null },
      ],
      all: [
        { name: 'Cola', price: '3.25', available: true, category: { name: 'Snacks' } },
        { name: 'Lemonade', price: '3.50', available: true, category: { name: 'Drinks' } },
        { name: 'Popcorn', price: '4.50', available: true, category: { name: 'Snacks' } },
        { name: 'Sold out shake', price: '5.00', available: false, category: { name: 'Snacks' } },
      ],
      drinks: [{ name: 'Lemonade', price: '3.50' }],
    });
  });

  it('refuses a negative price, a duplicate category and a category of another restaurant', async () => {
    const menu = await createTestMenu(stack, admin.accessToken, 'Strict Kitchen');
    const other = await createTestMenu(stack, admin.accessToken, 'Other Strict Kitchen');
    const CREATE_ITEM = 'mutation ($input: CreateMenuItemInput!) { createMenuItem(input: $input) { id } }';
    const negative = await stack.graphql(CREATE_ITEM, { input: { restaurantId: menu.restaurant.id, name: 'Free money', price: '-1.00' } }, admin.accessToken);
    expect(negative.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'price' });
    const foreign = await stack.graphql(
      CREATE_ITEM,
      { input: { restaurantId: menu.restaurant.id, categoryId: other.categoryId, name: 'Lost', price: '1.00' } },
      admin.accessToken,
    );
    expect(foreign.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'categoryId' });
    const duplicate = await stack.graphql(
      'mutation ($input: CreateFoodCategoryInput!) { createFoodCategory(input: $input) { id } }',
      { input: { restaurantId: menu.restaurant.id, name: 'Snacks' } },
      admin.accessToken,
    );
    expect(errorCodes(duplicate)).toEqual(['CONFLICT']);
  });

  it('lets an ADMIN mark an item unavailable, which stops it being ordered', async () => {
    const menu = await createTestMenu(stack, admin.accessToken, 'Running Out');
    const updated = await stack.graphql(
      'mutation ($id: ID!) { updateMenuItem(id: $id, input: { available: false }) { available price } }',
      { id: menu.items[0]!.id },
      admin.accessToken,
    );
    expect(updated.body.data?.updateMenuItem).toEqual({ available: false, price: '4.50' });
    const user = await signUp(stack);
    await expect(placeTestOrder(stack, user.accessToken, menu)).rejects.toThrow(/not available/);
  });
});

describe('round trips', () => {
  it("lists restaurants with menus and categories in a number of statements that does not grow with the list", async () => {
    const QUERY = '{ restaurants(first: 100) { totalCount edges { node { name categories { name } menu { name category { name } restaurant { name } } } } } }';
    await createTestMenu(stack, admin.accessToken, 'Count A');
    foodStatements.length = 0;
    await stack.graphql(QUERY);
    const few = foodStatements.length;
    for (const name of ['Count B', 'Count C', 'Count D']) await createTestMenu(stack, admin.accessToken, name);
    foodStatements.length = 0;
    const response = await stack.graphql<{ restaurants: { totalCount: number } }>(QUERY);
    expect(response.body.data?.restaurants.totalCount).toBeGreaterThanOrEqual(4);
    expect(foodStatements.length).toBe(few);
  });
});

describe('entity references (as the router asks for them)', () => {
  const entities = async (representations: unknown[], token?: string) => {
    const response = await fetch(stack.subgraphs.food!.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [ROUTER_SECRET_HEADER]: stack.routerSecret,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({
        query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id total } ... on Restaurant { name } ... on MenuItem { name } } }',
        variables: { r: representations },
      }),
    });
    return ((await response.json()) as { data: { _entities: unknown[] } }).data._entities;
  };

  it("resolve restaurants and menu items in key order, and an order only for its owner or staff", async () => {
    const menu = await createTestMenu(stack, admin.accessToken, 'Reference Kitchen');
    const owner = await signUp(stack);
    const stranger = await signUp(stack);
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(
      await entities([
        { __typename: 'MenuItem', id: menu.items[1]!.id },
        { __typename: 'Restaurant', id: missing },
        { __typename: 'Restaurant', id: menu.restaurant.id },
      ]),
    ).toEqual([{ name: 'Cola' }, null, { name: 'Reference Kitchen' }]);
    const order = [{ __typename: 'Order', id: placed.id }];
    expect(await entities(order, owner.accessToken)).toEqual([{ id: placed.id, total: '12.25' }]);
    expect(await entities(order, stranger.accessToken)).toEqual([null]);
    expect(await entities(order)).toEqual([null]);
  });
});

describe('demo data', () => {
  it('adds the demo restaurants once', async () => {
    const em = () => stack.subgraphs.food!.service.orm.em.fork();
    expect(await seedFood(em())).toBe(2);
    expect(await seedFood(em())).toBe(0);
    const response = await stack.graphql<{ restaurants: { edges: { node: { name: string; menu: unknown[] } }[] } }>(
      '{ restaurants(first: 100) { edges { node { name menu { name } } } } }',
    );
    const snackBar = response.body.data?.restaurants.edges.find((edge) => edge.node.name === 'Marquee Snack Bar');
    expect(snackBar?.node.menu.length).toBeGreaterThan(3);
  });
});
