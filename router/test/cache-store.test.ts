import { randomBytes } from 'node:crypto';
import { connectRedis } from '@marquee/platform';
import { MemoryCacheStore, RedisCacheStore, type CacheStore } from '../src/cache/store.js';
import { eventually } from '../../test/support/cache.js';

// The same contract in process and in Redis (when REDIS_URL is set): generations per tag, entries with a TTL.
const stores: [string, () => CacheStore][] = [['in process', () => new MemoryCacheStore(1024 * 1024)]];
const redisUrl = process.env.REDIS_URL;
if (redisUrl) stores.push(['Redis', () => new RedisCacheStore(connectRedis(redisUrl), `marquee-test:${randomBytes(4).toString('hex')}:`)]);

describe.each(stores)('the cache store (%s)', (_name, create) => {
  let store: CacheStore;
  beforeEach(() => {
    store = create();
  });
  afterEach(() => store.close());

  it('moves a tag to a new generation on invalidation, and never back', async () => {
    const [product, category] = await store.generations(['Product', 'Category']);
    await store.invalidate(['Product']);
    const [productAfter, categoryAfter] = await store.generations(['Product', 'Category']);
    expect(productAfter).not.toBe(product);
    expect(categoryAfter).toBe(category);
    await store.invalidate(['Product']);
    const [third] = await store.generations(['Product']);
    expect(new Set([product, productAfter, third]).size).toBe(3);
  });

  it('keeps an entry until its TTL', async () => {
    await store.set('a', 'one', 60_000);
    await store.set('b', 'two', 30);
    expect(await store.getMany(['a', 'b', 'c'])).toEqual(['one', expect.anything(), null]);
    await eventually(() => store.getMany(['b']), ([value]) => value === null, 'the short entry to expire');
    expect(await store.getMany(['a'])).toEqual(['one']);
  });
});

describe('the in-process cache store', () => {
  it('stays within its byte budget, dropping the least recently used entries first', async () => {
    const store = new MemoryCacheStore(10_000);
    const value = 'x'.repeat(1_000);
    for (let index = 0; index < 50; index += 1) await store.set(`key-${index}`, value, 60_000);
    const kept = (await store.getMany(Array.from({ length: 50 }, (_, index) => `key-${index}`))).filter((entry) => entry !== null);
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(await store.getMany(['key-49'])).toEqual([value]);
    expect(await store.getMany(['key-0'])).toEqual([null]);
  });

  it('starts over (everything invalid) rather than remember tags without bound', async () => {
    const store = new MemoryCacheStore(10_000);
    const [before] = await store.generations(['Movie']);
    for (let index = 0; index < 10_001; index += 1) await store.invalidate([`Type${index}`]);
    const [after] = await store.generations(['Movie']);
    expect(after).not.toBe(before);
  });
});
