import { randomUUID } from 'node:crypto';
import { ENTITY_CHANGED, ENTITY_CHANGES_CHANNEL } from '@marquee/platform';
import { cacheLookups, createTestProduct, eventually, post, sqlCounter } from '../../test/support/cache.js';
import { createScreening } from '../../subgraphs/booking/test/fixtures.js';
import { startTestStack, type TestStack } from '../../test/support/stack.js';
import { login, signUp, superAdminEnv, TEST_SUPER_ADMIN } from '../../test/support/users.js';

// The response cache is on by default: in Redis with REDIS_URL (shared by replicas), in process without.
const sql = sqlCounter();
let stack: TestStack;
let adminToken: string;
beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv, onQuery: sql.record });
  adminToken = (await login(stack, TEST_SUPER_ADMIN.email, TEST_SUPER_ADMIN.password)).accessToken;
});
afterAll(() => stack.stop());

const PRODUCT = 'query Product($id: ID!) { product(id: $id) { id name price category { name } } }';
type ProductAnswer = { product: { id: string; name: string; category: { name: string } } | null };

describe('the response cache', () => {
  it('answers a public query from the cache the second time, with Cache-Control public and Age', async () => {
    const { id } = await createTestProduct(stack, adminToken, `Popcorn ${randomUUID()}`);
    const before = await cacheLookups('response');
    const first = await post<ProductAnswer>(stack.routerUrl, PRODUCT, { id });
    expect(first.body.errors).toBeUndefined();
    expect(first.headers.get('cache-control')).toBe('max-age=60, public');
    expect(first.headers.get('age')).toBeNull();
    const catalogSql = sql.of('catalog');
    const second = await post<ProductAnswer>(stack.routerUrl, PRODUCT, { id });
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('cache-control')).toBe('max-age=60, public');
    expect(Number(second.headers.get('age'))).toBeGreaterThanOrEqual(0);
    // Answered by the router alone: catalog ran no SQL for it.
    expect(sql.of('catalog')).toBe(catalogSql);
    const after = await cacheLookups('response');
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(1);
  });

  it('shares a public answer with signed-in callers, since it does not depend on who asks', async () => {
    const { id } = await createTestProduct(stack, adminToken, `Nachos ${randomUUID()}`);
    const user = await signUp(stack);
    await post(stack.routerUrl, PRODUCT, { id });
    const signedIn = await post<ProductAnswer>(stack.routerUrl, PRODUCT, { id }, user.accessToken);
    expect(signedIn.body.data?.product?.id).toBe(id);
    expect(signedIn.headers.get('age')).not.toBeNull();
  });

  it('never caches a private answer: it says no-store and each caller gets their own', async () => {
    const [ada, grace] = await Promise.all([signUp(stack, 'USER', 'Ada'), signUp(stack, 'USER', 'Grace')]);
    const me = 'query Me { me { id name bookings(first: 5) { totalCount } } }';
    for (const user of [ada, grace, ada, grace]) {
      const answer = await post<{ me: { id: string } }>(stack.routerUrl, me, {}, user.accessToken);
      expect(answer.body.data?.me.id).toBe(user.id);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('age')).toBeNull();
    }
    // One private field makes the whole answer private, however public the rest is.
    const mixed = 'query Mixed { me { id } categories(first: 1) { id } }';
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const answer = await post(stack.routerUrl, mixed, {}, ada.accessToken);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('age')).toBeNull();
    }
  });

  it('stops looking up an operation whose answers are private: one lookup for the first answer, none after', async () => {
    const user = await signUp(stack, 'USER', 'Hedy');
    const mine = 'query MyBookings { me { id bookings(first: 3) { totalCount } } }';
    const before = await cacheLookups('response');
    for (let round = 0; round < 3; round += 1) {
      const answer = await post<{ me: { id: string } }>(stack.routerUrl, mine, {}, user.accessToken);
      expect(answer.body.data?.me.id).toBe(user.id);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    const after = await cacheLookups('response');
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(0);
  });

  it('never caches errors or mutations', async () => {
    const invalid = 'query Page { products(first: 1000) { totalCount } }';
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const answer = await post(stack.routerUrl, invalid);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.headers.get('age')).toBeNull();
    }
    const rename = await post(stack.routerUrl, 'mutation Rename($id: ID!) { updateProduct(id: $id, input: { name: "x" }) { id } }', { id: randomUUID() }, adminToken);
    expect(rename.headers.get('cache-control')).toBe('no-store');
  });

  it('reads fresh data right after a mutation changed it', async () => {
    const { id, categoryId } = await createTestProduct(stack, adminToken, `Pretzel ${randomUUID()}`);
    await post(stack.routerUrl, PRODUCT, { id });
    expect((await post(stack.routerUrl, PRODUCT, { id })).headers.get('age')).not.toBeNull();
    const renamed = await post(stack.routerUrl, 'mutation Rename($id: ID!, $name: String!) { updateProduct(id: $id, input: { name: $name }) { id } }', { id, name: 'Salted pretzel' }, adminToken);
    expect(renamed.body.errors).toBeUndefined();
    const fresh = await post<ProductAnswer>(stack.routerUrl, PRODUCT, { id });
    expect(fresh.body.data?.product?.name).toBe('Salted pretzel');
    expect(fresh.headers.get('age')).toBeNull();
    // A change to another type in the answer counts too: the category's new name.
    await post(stack.routerUrl, PRODUCT, { id });
    await post(stack.routerUrl, 'mutation Shelf($id: ID!) { updateCategory(id: $id, input: { name: "Snacks aisle" }) { id } }', { id: categoryId }, adminToken);
    expect((await post<ProductAnswer>(stack.routerUrl, PRODUCT, { id })).body.data?.product?.category.name).toBe('Snacks aisle');
  });

  it("drops a showing's cached seat count when seats are booked, though the booking returns no showing", async () => {
    const { theater, showing } = await createScreening(stack, adminToken);
    const SEATS = 'query Seats($id: ID!) { showing(id: $id) { id availableSeatCount movie { title } } }';
    type Seats = { showing: { availableSeatCount: number } };
    const before = await post<Seats>(stack.routerUrl, SEATS, { id: showing.id });
    expect(before.headers.get('cache-control')).toBe('max-age=30, public');
    expect((await post(stack.routerUrl, SEATS, { id: showing.id })).headers.get('age')).not.toBeNull();
    const customer = await signUp(stack);
    const booked = await post(stack.routerUrl, 'mutation Book($input: BookSeatsInput!) { bookSeats(input: $input) { id } }', { input: { showingId: showing.id, seatIds: [theater.seats[0]?.id] } }, customer.accessToken);
    expect(booked.body.errors).toBeUndefined();
    // Booking announced the Showing it changed (entity.changed): the next read, at once, is fresh.
    const after = await post<Seats>(stack.routerUrl, SEATS, { id: showing.id });
    expect(after.body.data?.showing.availableSeatCount).toBe((before.body.data?.showing.availableSeatCount ?? 0) - 1);
  });

  it('drops cached answers when an entity.changed event arrives, however the data was changed', async () => {
    const { id } = await createTestProduct(stack, adminToken, `Churros ${randomUUID()}`);
    await post(stack.routerUrl, PRODUCT, { id });
    expect((await post(stack.routerUrl, PRODUCT, { id })).headers.get('age')).not.toBeNull();
    // Changed behind the router's back (another tool, another region): only the event tells.
    const em = stack.subgraphs.catalog?.service.orm.em.fork();
    await em?.getConnection().execute('update products set name = ? where id = ?', ['Cinnamon churros', id]);
    expect((await post<ProductAnswer>(stack.routerUrl, PRODUCT, { id })).body.data?.product?.name).not.toBe('Cinnamon churros');
    const envelope = { id: randomUUID(), type: ENTITY_CHANGED, entityId: `Product:${id}`, sequence: 1, occurredAt: new Date().toISOString(), data: { typename: 'Product', id } };
    await stack.events.publish(ENTITY_CHANGES_CHANNEL, JSON.stringify(envelope));
    const name = await eventually(
      async () => (await post<ProductAnswer>(stack.routerUrl, PRODUCT, { id })).body.data?.product?.name,
      (value) => value === 'Cinnamon churros',
      'the event to drop the cached answer',
    );
    expect(name).toBe('Cinnamon churros');
  });
});

// Replicas share the cache only through Redis; without it each keeps its own (and there is one).
(process.env.REDIS_URL ? describe : describe.skip)('the response cache across router replicas', () => {
  let replica: TestStack;
  beforeAll(async () => {
    replica = await startTestStack({ replicaOf: stack });
  });
  afterAll(() => replica.stop());

  it('serves one replica what another cached, and a rename through one is fresh on the other at once', async () => {
    const { id } = await createTestProduct(stack, adminToken, `Hot dog ${randomUUID()}`);
    await post(stack.routerUrl, PRODUCT, { id });
    const shared = await post<ProductAnswer>(replica.routerUrl, PRODUCT, { id });
    expect(shared.headers.get('age')).not.toBeNull();
    await post(stack.routerUrl, 'mutation Rename($id: ID!) { updateProduct(id: $id, input: { name: "Chili dog" }) { id } }', { id }, adminToken);
    const fresh = await post<ProductAnswer>(replica.routerUrl, PRODUCT, { id });
    expect(fresh.body.data?.product?.name).toBe('Chili dog');
    expect(fresh.headers.get('age')).toBeNull();
  });
});
