import { errorCodes, startTestStack, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';
import { createTestMenu, moveOrder, PLACE_ORDER, placeTestOrder, UPDATE_STATUS, type TestMenu } from '../../../test/support/food.js';

const RATE_LIMIT = 5;
let stack: TestStack;
let admin: SignedIn;
let staff: SignedIn;
let menu: TestMenu;

beforeAll(async () => {
  stack = await startTestStack({ env: { ...superAdminEnv, FOOD_ORDER_RATE_LIMIT: String(RATE_LIMIT) } });
  admin = await signUp(stack, 'ADMIN');
  staff = await signUp(stack, 'MODERATOR');
  menu = await createTestMenu(stack, admin.accessToken);
});
afterAll(() => stack.stop());

const order = (input: Record<string, unknown>, token: string) => stack.graphql(PLACE_ORDER, { input: { restaurantId: menu.restaurant.id, ...input } }, token);
const ORDER = 'query ($id: ID!) { order(id: $id) { id status total user { id name } } }';
const CANCEL = 'mutation ($id: ID!) { cancelOrder(id: $id) { id status } }';
const MY_ORDERS = 'query ($status: OrderStatus) { myOrders(status: $status) { totalCount edges { node { id status } } } }';

describe('placeOrder', () => {
  it('computes line totals and the total on the server, copying names and prices', async () => {
    const user = await signUp(stack);
    const response = await order(
      { items: [{ menuItemId: menu.items[0]!.id, quantity: 3 }, { menuItemId: menu.items[1]!.id, quantity: 1 }] },
      user.accessToken,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.placeOrder).toMatchObject({
      status: 'PENDING',
      total: '16.75',
      user: { id: user.id },
      restaurant: { id: menu.restaurant.id },
      lines: [
        { name: 'Popcorn', quantity: 3, unitPrice: '4.50', lineTotal: '13.50', menuItem: { id: menu.items[0]!.id } },
        { name: 'Cola', quantity: 1, unitPrice: '3.25', lineTotal: '3.25', menuItem: { id: menu.items[1]!.id } },
      ],
    });
  });

  it('keeps the price and name of the time of ordering when the menu changes later', async () => {
    const user = await signUp(stack);
    const kitchen = await createTestMenu(stack, admin.accessToken, 'Changing Kitchen');
    const placed = await placeTestOrder(stack, user.accessToken, kitchen);
    const changed = await stack.graphql(
      'mutation ($id: ID!, $input: UpdateMenuItemInput!) { updateMenuItem(id: $id, input: $input) { name price } }',
      { id: kitchen.items[0]!.id, input: { name: 'Popcorn XL', price: '9.99' } },
      admin.accessToken,
    );
    expect(changed.body.data?.updateMenuItem).toEqual({ name: 'Popcorn XL', price: '9.99' });
    const read = await stack.graphql('query ($id: ID!) { order(id: $id) { total lines { name unitPrice } } }', { id: placed.id }, user.accessToken);
    expect(read.body.data?.order).toEqual({
      total: '12.25',
      lines: [
        { name: 'Popcorn', unitPrice: '4.50' },
        { name: 'Cola', unitPrice: '3.25' },
      ],
    });
  });

  it.each([
    ['no items', { items: [] }, 'items'],
    ['51 items', { items: Array.from({ length: 51 }, () => ({ menuItemId: '00000000-0000-4000-8000-000000000000', quantity: 1 })) }, 'items'],
    ['quantity 0', { items: [{ menuItemId: 'ITEM0', quantity: 0 }] }, 'items.0.quantity'],
    ['quantity 21', { items: [{ menuItemId: 'ITEM0', quantity: 21 }] }, 'items.0.quantity'],
    ['an unavailable item', { items: [{ menuItemId: 'UNAVAILABLE', quantity: 1 }] }, 'items.0.menuItemId'],
    ['an unknown item', { items: [{ menuItemId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] }, 'items.0.menuItemId'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_name, input, field) => {
    const user = await signUp(stack);
    const items = (input.items as { menuItemId: string; quantity: number }[]).map((item) => ({
      ...item,
      menuItemId: item.menuItemId === 'ITEM0' ? menu.items[0]!.id : item.menuItemId === 'UNAVAILABLE' ? menu.unavailableId : item.menuItemId,
    }));
    const response = await order({ items }, user.accessToken);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
  });

  it("refuses another restaurant's item", async () => {
    const user = await signUp(stack);
    const other = await createTestMenu(stack, admin.accessToken, 'Other Kitchen');
    const response = await order({ items: [{ menuItemId: other.items[0]!.id, quantity: 1 }] }, user.accessToken);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items.0.menuItemId' });
  });

  it('requires a signed-in user', async () => {
    const response = await stack.graphql(PLACE_ORDER, { input: { restaurantId: menu.restaurant.id, items: [{ menuItemId: menu.items[0]!.id, quantity: 1 }] } });
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  });

  it('returns the first order for a repeated idempotency key and creates nothing new', async () => {
    const user = await signUp(stack);
    const first = await placeTestOrder(stack, user.accessToken, menu, { idempotencyKey: 'checkout-1' });
    const again = await placeTestOrder(stack, user.accessToken, menu, { idempotencyKey: 'checkout-1' });
    expect(again.id).toBe(first.id);
    // The same key from another user is another order.
    const other = await signUp(stack);
    expect((await placeTestOrder(stack, other.accessToken, menu, { idempotencyKey: 'checkout-1' })).id).not.toBe(first.id);
    const mine = await stack.graphql(MY_ORDERS, {}, user.accessToken);
    expect(mine.body.data?.myOrders).toMatchObject({ totalCount: 1 });
  });

  it('creates one order when requests with one key arrive at once', async () => {
    const user = await signUp(stack);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => placeTestOrder(stack, user.accessToken, menu, { idempotencyKey: 'double-click' })),
    );
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    const mine = await stack.graphql(MY_ORDERS, {}, user.accessToken);
    expect(mine.body.data?.myOrders).toMatchObject({ totalCount: 1 });
  });

  it(`limits a user to ${RATE_LIMIT} orders a minute, answering RATE_LIMITED with the retry time`, async () => {
    const user = await signUp(stack);
    for (let n = 0; n < RATE_LIMIT; n += 1) await placeTestOrder(stack, user.accessToken, menu);
    const limited = await order({ items: [{ menuItemId: menu.items[0]!.id, quantity: 1 }] }, user.accessToken);
    expect(errorCodes(limited)).toEqual(['RATE_LIMITED']);
    const retryAfter = limited.body.errors?.[0]?.extensions?.retryAfterSeconds;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another user is not affected.
    const other = await signUp(stack);
    await expect(placeTestOrder(stack, other.accessToken, menu)).resolves.toMatchObject({ status: 'PENDING' });
  });
});

describe('reading orders', () => {
  it('shows an order to its owner and staff, and NOT_FOUND to anyone else', async () => {
    const owner = await signUp(stack, 'USER', 'Olive Owner');
    const stranger = await signUp(stack);
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    const asOwner = await stack.graphql(ORDER, { id: placed.id }, owner.accessToken);
    expect(asOwner.body.data?.order).toMatchObject({ id: placed.id, user: { id: owner.id, name: 'Olive Owner' } });
    expect((await stack.graphql(ORDER, { id: placed.id }, staff.accessToken)).body.data?.order).toMatchObject({ id: placed.id });
    expect(errorCodes(await stack.graphql(ORDER, { id: placed.id }, stranger.accessToken))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await stack.graphql(ORDER, { id: placed.id }))).toEqual(['UNAUTHENTICATED']);
  });

  it('lists my orders newest first, filtered by status, and User.orders to the user and staff only', async () => {
    const user = await signUp(stack);
    const first = await placeTestOrder(stack, user.accessToken, menu);
    const second = await placeTestOrder(stack, user.accessToken, menu);
    await moveOrder(stack, staff.accessToken, first.id, 'CONFIRMED');
    const all = await stack.graphql(MY_ORDERS, {}, user.accessToken);
    expect(all.body.data?.myOrders).toEqual({
      totalCount: 2,
      edges: [{ node: { id: second.id, status: 'PENDING' } }, { node: { id: first.id, status: 'CONFIRMED' } }],
    });
    const confirmed = await stack.graphql(MY_ORDERS, { status: 'CONFIRMED' }, user.accessToken);
    expect(confirmed.body.data?.myOrders).toMatchObject({ totalCount: 1 });

    const ME_ORDERS = '{ me { orders(first: 1) { totalCount pageInfo { hasNextPage } edges { node { id } } } } }';
    const mine = await stack.graphql(ME_ORDERS, {}, user.accessToken);
    expect(mine.body.data?.me).toEqual({ orders: { totalCount: 2, pageInfo: { hasNextPage: true }, edges: [{ node: { id: second.id } }] } });
  });

  it('lists a restaurant’s orders to MODERATOR and up only', async () => {
    const user = await signUp(stack);
    const kitchen = await createTestMenu(stack, admin.accessToken, 'Busy Kitchen');
    const placed = await placeTestOrder(stack, user.accessToken, kitchen);
    const QUERY = 'query ($id: ID!) { restaurantOrders(restaurantId: $id, status: PENDING) { totalCount edges { node { id } } } }';
    const asStaff = await stack.graphql(QUERY, { id: kitchen.restaurant.id }, staff.accessToken);
    expect(asStaff.body.data?.restaurantOrders).toEqual({ totalCount: 1, edges: [{ node: { id: placed.id } }] });
    expect(errorCodes(await stack.graphql(QUERY, { id: kitchen.restaurant.id }, user.accessToken))).toEqual(['FORBIDDEN']);
  });
});

describe('order status', () => {
  const move = (id: string, status: string, token = staff.accessToken) => stack.graphql(UPDATE_STATUS, { id, status }, token);

  it('moves along PENDING → CONFIRMED → PREPARING → READY → DELIVERED and no further', async () => {
    const user = await signUp(stack);
    const placed = await placeTestOrder(stack, user.accessToken, menu);
    for (const status of ['CONFIRMED', 'PREPARING', 'READY', 'DELIVERED']) {
      const moved = await move(placed.id, status);
      expect(moved.body.data?.updateOrderStatus).toEqual({ id: placed.id, status });
    }
    for (const status of ['PENDING', 'CANCELLED', 'READY']) expect(errorCodes(await move(placed.id, status))).toEqual(['CONFLICT']);
  });

  it.each([
    [[], 'PREPARING'],
    [[], 'READY'],
    [[], 'DELIVERED'],
    [[], 'PENDING'],
    [['CONFIRMED'], 'READY'],
    [['CONFIRMED'], 'PENDING'],
    [['CONFIRMED', 'PREPARING'], 'CANCELLED'],
    [['CONFIRMED', 'PREPARING'], 'CONFIRMED'],
    [['CONFIRMED', 'PREPARING', 'READY'], 'CANCELLED'],
    [['CANCELLED'], 'CONFIRMED'],
  ])('after %j refuses %s with CONFLICT', async (path, status) => {
    const user = await signUp(stack);
    const placed = await placeTestOrder(stack, user.accessToken, menu);
    for (const step of path) await moveOrder(stack, staff.accessToken, placed.id, step);
    expect(errorCodes(await move(placed.id, status))).toEqual(['CONFLICT']);
  });

  it('lets staff cancel from PENDING or CONFIRMED', async () => {
    const user = await signUp(stack);
    const pending = await placeTestOrder(stack, user.accessToken, menu);
    expect((await move(pending.id, 'CANCELLED')).body.data?.updateOrderStatus).toMatchObject({ status: 'CANCELLED' });
    const confirmed = await placeTestOrder(stack, user.accessToken, menu);
    await moveOrder(stack, staff.accessToken, confirmed.id, 'CONFIRMED');
    expect((await move(confirmed.id, 'CANCELLED')).body.data?.updateOrderStatus).toMatchObject({ status: 'CANCELLED' });
  });

  it('is for MODERATOR and up; users get FORBIDDEN', async () => {
    const user = await signUp(stack);
    const placed = await placeTestOrder(stack, user.accessToken, menu);
    expect(errorCodes(await move(placed.id, 'CONFIRMED', user.accessToken))).toEqual(['FORBIDDEN']);
  });

  it('judges two simultaneous changes one after the other', async () => {
    const user = await signUp(stack);
    const placed = await placeTestOrder(stack, user.accessToken, menu);
    const results = await Promise.all([move(placed.id, 'CONFIRMED'), move(placed.id, 'CONFIRMED')]);
    expect(results.map(errorCodes).sort()).toEqual([[], ['CONFLICT']]);
  });
});

describe('cancelOrder', () => {
  it('lets the owner cancel while PENDING or CONFIRMED, then answers CONFLICT', async () => {
    const user = await signUp(stack);
    const pending = await placeTestOrder(stack, user.accessToken, menu);
    expect((await stack.graphql(CANCEL, { id: pending.id }, user.accessToken)).body.data?.cancelOrder).toEqual({ id: pending.id, status: 'CANCELLED' });
    expect(errorCodes(await stack.graphql(CANCEL, { id: pending.id }, user.accessToken))).toEqual(['CONFLICT']);

    const confirmed = await placeTestOrder(stack, user.accessToken, menu);
    await moveOrder(stack, staff.accessToken, confirmed.id, 'CONFIRMED');
    expect((await stack.graphql(CANCEL, { id: confirmed.id }, user.accessToken)).body.data?.cancelOrder).toMatchObject({ status: 'CANCELLED' });

    const preparing = await placeTestOrder(stack, user.accessToken, menu);
    await moveOrder(stack, staff.accessToken, preparing.id, 'CONFIRMED');
    await moveOrder(stack, staff.accessToken, preparing.id, 'PREPARING');
    expect(errorCodes(await stack.graphql(CANCEL, { id: preparing.id }, user.accessToken))).toEqual(['CONFLICT']);
  });

  it("answers NOT_FOUND for someone else's order", async () => {
    const owner = await signUp(stack);
    const stranger = await signUp(stack);
    const placed = await placeTestOrder(stack, owner.accessToken, menu);
    expect(errorCodes(await stack.graphql(CANCEL, { id: placed.id }, stranger.accessToken))).toEqual(['NOT_FOUND']);
    expect((await stack.graphql(ORDER, { id: placed.id }, owner.accessToken)).body.data?.order).toMatchObject({ status: 'PENDING' });
  });
});
