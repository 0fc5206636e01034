import { randomBytes } from 'node:crypto';
import { DEMO_USERS } from '@marquee/auth';
import { must } from './graphql-client.js';

/**
 * Data the scenarios need beyond the demo seed, made through the public API as a client would:
 * 100 more products (half in stock), 8 more restaurants with menus, 20 bookings of the demo user.
 */
export const EXTRA_PRODUCTS = 100;
export const EXTRA_RESTAURANTS = 8;
export const USER_BOOKINGS = 20;

export interface Tokens {
  admin: string;
  staff: string;
  user: string;
}

export async function loginDemoUsers(routerUrl: string): Promise<Tokens> {
  const token = async (role: string) => {
    const demo = DEMO_USERS.find((candidate) => candidate.role === role);
    if (!demo) throw new Error(`no demo ${role}`);
    const data = await must<{ login: { accessToken: string } }>(routerUrl, {
      query: 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
      variables: { input: { email: demo.email, password: demo.password } },
    });
    return data.login.accessToken;
  };
  return { admin: await token('ADMIN'), staff: await token('MODERATOR'), user: await token('USER') };
}

/** Runs `task` for 0..count-1 with at most `concurrency` at once. */
export async function inParallel<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

export async function addProducts(routerUrl: string, adminToken: string): Promise<void> {
  const { categories } = await must<{ categories: { id: string }[] }>(routerUrl, { query: '{ categories { id } }' });
  await inParallel(EXTRA_PRODUCTS, 5, async (index) => {
    const { createProduct } = await must<{ createProduct: { id: string } }>(routerUrl, {
      query: 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      variables: {
        input: { name: `Bench product ${String(index).padStart(3, '0')}`, price: `${(index % 20) + 1}.50`, categoryId: categories[index % categories.length]?.id },
      },
      token: adminToken,
    });
    if (index % 2 === 1) return;
    await must(routerUrl, {
      query: 'mutation ($input: SetStockInput!) { setStock(input: $input) { id } }',
      variables: { input: { productId: createProduct.id, quantityInStock: 10 + index } },
      token: adminToken,
    });
  });
}

export async function addRestaurants(routerUrl: string, adminToken: string): Promise<void> {
  await inParallel(EXTRA_RESTAURANTS, 4, async (index) => {
    const mutate = <T>(query: string, input: Record<string, unknown>) => must<T>(routerUrl, { query, variables: { input }, token: adminToken });
    const { createRestaurant } = await mutate<{ createRestaurant: { id: string } }>(
      'mutation ($input: CreateRestaurantInput!) { createRestaurant(input: $input) { id } }',
      { name: `Bench Kitchen ${index}`, address: `${index} Bench Street`, phone: '+1 555 0199' },
    );
    const { createFoodCategory } = await mutate<{ createFoodCategory: { id: string } }>(
      'mutation ($input: CreateFoodCategoryInput!) { createFoodCategory(input: $input) { id } }',
      { restaurantId: createRestaurant.id, name: 'Snacks' },
    );
    for (const [item, price] of [['Popcorn', '4.50'], ['Cola', '3.25'], ['Nachos', '6.90']] as const) {
      await mutate('mutation ($input: CreateMenuItemInput!) { createMenuItem(input: $input) { id } }', {
        restaurantId: createRestaurant.id,
        categoryId: createFoodCategory.id,
        name: item,
        price,
      });
    }
  });
}

export interface ShowingSeats {
  showingId: string;
  seatIds: string[];
}

/**
 * Upcoming showings with their theaters' seats, soonest first. Read signed in (`token`): 20
 * showings with every seat cost more than an anonymous caller's budget.
 */
export async function upcomingShowings(routerUrl: string, count: number, token: string): Promise<ShowingSeats[]> {
  const data = await must<{ showings: { edges: { node: { id: string; theater: { seats: { id: string }[] } } }[] } }>(routerUrl, {
    query: 'query ($first: Int) { showings(first: $first) { edges { node { id theater { seats { id } } } } } }',
    variables: { first: count },
    token,
  });
  return data.showings.edges.map(({ node }) => ({ showingId: node.id, seatIds: node.theater.seats.map((seat) => seat.id) }));
}

/** One seat per booking, so the user's list has USER_BOOKINGS entries. */
export async function addBookings(routerUrl: string, userToken: string, showing: ShowingSeats): Promise<void> {
  for (const seatId of showing.seatIds.slice(0, USER_BOOKINGS)) {
    await must(routerUrl, {
      query: 'mutation ($input: BookSeatsInput!) { bookSeats(input: $input) { id } }',
      variables: { input: { showingId: showing.showingId, seatIds: [seatId] } },
      token: userToken,
    });
  }
}

/** Fresh customers (argon2 hashing makes this the slow part of the set-up). */
export async function registerUsers(routerUrl: string, count: number): Promise<string[]> {
  return inParallel(count, 4, async (index) => {
    const data = await must<{ register: { accessToken: string } }>(routerUrl, {
      query: 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }',
      variables: { input: { email: `bench-${index}-${randomBytes(4).toString('hex')}@bench.local`, name: `Bench User ${index}`, password: 'bench password 123' } },
    });
    return data.register.accessToken;
  });
}

/** `count` orders of one menu item each for a customer (Q2 lists the caller's orders). */
export async function addOrders(routerUrl: string, customerToken: string, restaurantId: string, menuItemId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await must(routerUrl, {
      query: 'mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
      variables: { input: { restaurantId, items: [{ menuItemId, quantity: 1 + (i % 3) }] } },
      token: customerToken,
    });
  }
}

/**
 * Gives each of `tokens` up to `perUser` bookings (seats of the showings given, one seat each) and
 * `orders` orders, so that distinct signed-in users ask the subgraphs for distinct data.
 */
export async function addDistinctUserData(
  routerUrl: string,
  tokens: string[],
  showings: ShowingSeats[],
  kitchen: { restaurantId: string; menuItemId: string },
  perUser: { bookings: number; orders: number },
): Promise<void> {
  const seats = showings.flatMap((showing) => showing.seatIds.map((seatId) => ({ showingId: showing.showingId, seatId })));
  await inParallel(tokens.length, 4, async (index) => {
    const token = tokens[index] as string;
    for (let n = 0; n < perUser.bookings; n += 1) {
      const seat = seats[index + n * tokens.length];
      if (!seat) break;
      await must(routerUrl, {
        query: 'mutation ($input: BookSeatsInput!) { bookSeats(input: $input) { id } }',
        variables: { input: { showingId: seat.showingId, seatIds: [seat.seatId] } },
        token,
      });
    }
    await addOrders(routerUrl, token, kitchen.restaurantId, kitchen.menuItemId, perUser.orders);
  });
}
