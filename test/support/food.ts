import type { TestStack } from './stack.js';

export interface TestMenu {
  restaurant: { id: string; name: string };
  categoryId: string;
  /** Available items: 4.50 and 3.25. */
  items: { id: string; name: string; price: string }[];
  unavailableId: string;
}

async function mutate<T>(stack: TestStack, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await stack.graphql<Record<string, T>>(query, variables, token);
  const data = response.body.data;
  if (!data || response.body.errors) throw new Error(`mutation failed: ${JSON.stringify(response.body.errors)}`);
  return Object.values(data)[0] as T;
}

/** A restaurant with one category, two available items and one unavailable, made by an ADMIN. */
export async function createTestMenu(stack: TestStack, adminToken: string, name = 'Test Kitchen'): Promise<TestMenu> {
  const restaurant = await mutate<{ id: string; name: string }>(
    stack,
    adminToken,
    'mutation ($input: CreateRestaurantInput!) { createRestaurant(input: $input) { id name } }',
    { input: { name, address: '1 Test Street', phone: '+1 555 0000' } },
  );
  const category = await mutate<{ id: string }>(
    stack,
    adminToken,
    'mutation ($input: CreateFoodCategoryInput!) { createFoodCategory(input: $input) { id } }',
    { input: { restaurantId: restaurant.id, name: 'Snacks' } },
  );
  const createItem = (item: { name: string; price: string; available?: boolean }) =>
    mutate<{ id: string; name: string; price: string }>(
      stack,
      adminToken,
      'mutation ($input: CreateMenuItemInput!) { createMenuItem(input: $input) { id name price } }',
      { input: { restaurantId: restaurant.id, categoryId: category.id, ...item } },
    );
  const items = [await createItem({ name: 'Popcorn', price: '4.50' }), await createItem({ name: 'Cola', price: '3.25' })];
  const unavailable = await createItem({ name: 'Sold out shake', price: '5.00', available: false });
  return { restaurant, categoryId: category.id, items, unavailableId: unavailable.id };
}

export const PLACE_ORDER = `mutation ($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id status total user { id } restaurant { id } lines { name quantity unitPrice lineTotal menuItem { id } } }
}`;

export interface PlacedOrder {
  id: string;
  status: string;
  total: string;
}

/** Places an order of the menu's first item (twice) and second item (once): 12.25. */
export async function placeTestOrder(stack: TestStack, token: string, menu: TestMenu, extra: Record<string, unknown> = {}): Promise<PlacedOrder> {
  return mutate<PlacedOrder>(stack, token, PLACE_ORDER, {
    input: {
      restaurantId: menu.restaurant.id,
      items: [
        { menuItemId: menu.items[0]!.id, quantity: 2 },
        { menuItemId: menu.items[1]!.id, quantity: 1 },
      ],
      ...extra,
    },
  });
}

export const UPDATE_STATUS = 'mutation ($id: ID!, $status: OrderStatus!) { updateOrderStatus(id: $id, status: $status) { id status } }';

export async function moveOrder(stack: TestStack, staffToken: string, id: string, status: string): Promise<void> {
  await mutate(stack, staffToken, UPDATE_STATUS, { id, status });
}
