import { randomBytes } from 'node:crypto';
import { connectRedis, MemoryKeyValueStore, RedisKeyValueStore, type KeyValueStore } from '@marquee/platform';

/** The in-process fallback and Redis must behave the same; Redis runs when REDIS_URL is set. */
const stores: [string, () => KeyValueStore][] = [
  ['in-process', () => new MemoryKeyValueStore()],
  ...(process.env.REDIS_URL
    ? [['redis', () => new RedisKeyValueStore(connectRedis(process.env.REDIS_URL as string), `kv-test:${randomBytes(4).toString('hex')}:`)] as [string, () => KeyValueStore]]
    : []),
];

describe.each(stores)('%s key-value store', (_name, make) => {
  let store: KeyValueStore;
  beforeEach(() => {
    store = make();
  });
  afterEach(() => store.close());

  it('counts within a window that starts at the first increment', async () => {
    expect(await store.increment('counter', 60_000)).toMatchObject({ count: 1 });
    const second = await store.increment('counter', 60_000);
    expect(second.count).toBe(2);
    expect(second.remainingMs).toBeGreaterThan(0);
    expect(second.remainingMs).toBeLessThanOrEqual(60_000);
  });

  it('keeps values until their time to live, and forgets deleted ones', async () => {
    await store.set('value', 'x', 60_000);
    expect(await store.get('value')).toBe('x');
    expect(await store.remainingMs('value')).toBeGreaterThan(0);
    await store.delete('value');
    expect(await store.get('value')).toBeNull();
    expect(await store.remainingMs('value')).toBe(0);
  });

  it('takes a reservation back within the window, never below zero, never reviving an expired counter', async () => {
    await store.increment('reserved', 60_000);
    await store.increment('reserved', 60_000);
    await store.decrement('reserved');
    expect(await store.increment('reserved', 60_000)).toMatchObject({ count: 2 });
    await Promise.all([1, 2, 3, 4].map(() => store.decrement('reserved')));
    expect(await store.increment('reserved', 60_000)).toMatchObject({ count: 1 });
    expect(await store.remainingMs('reserved')).toBeGreaterThan(0);
    await store.decrement('missing');
    expect(await store.get('missing')).toBeNull();
  });

  it('counts concurrent increments exactly', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => store.increment('burst', 60_000)));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});

it('the in-process store lets a window expire', async () => {
  let now = 1_000;
  const store = new MemoryKeyValueStore(() => now);
  await store.increment('k', 100);
  now += 101;
  expect(await store.increment('k', 100)).toMatchObject({ count: 1 });
});
