import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/**
 * Where the router's caches keep entries, with invalidation by tag (a GraphQL type name, or `*`
 * for everything). Tags are not lists of entries: each tag has a generation, and an entry's key
 * includes the generations of its tags as they were before its data was fetched. Invalidating a
 * tag moves its generation on, so entries stored under the old one are never read again (they
 * expire on their own), including an answer whose fetch was still under way when the change came.
 */
export interface CacheStore {
  /** The current generation of each tag, in order. */
  generations(tags: readonly string[]): Promise<string[]>;
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Moves each tag to a new generation. */
  invalidate(tags: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Redis, shared by every replica: entries as strings with a TTL, generations as counters that never
 * expire (one per type name, so a handful) and only grow, so an old generation never comes back.
 * Commands fail after 500 ms (platform's connectRedis); the caches then answer without the store.
 */
export class RedisCacheStore implements CacheStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    // Errors reach the callers (a miss, a write skipped); without a listener ioredis would print them.
    redis.on('error', () => undefined);
  }

  private generationKey(tag: string): string {
    return `${this.prefix}cache:generation:${tag}`;
  }

  async generations(tags: readonly string[]): Promise<string[]> {
    if (tags.length === 0) return [];
    const values = await this.redis.mget(...tags.map((tag) => this.generationKey(tag)));
    return values.map((value) => value ?? '0');
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    return this.redis.mget(...keys.map((key) => `${this.prefix}cache:${key}`));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(`${this.prefix}cache:${key}`, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    const multi = this.redis.multi();
    for (const tag of tags) multi.incr(this.generationKey(tag));
    const results = await multi.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error('invalidation was not applied');
  }

  async close(): Promise<void> {
    await Promise.race([this.redis.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    this.redis.disconnect();
  }
}

/** Tags the in-process store remembers at most; past that it starts over (everything invalid). */
const MAX_TAGS = 10_000;

/**
 * This process's memory, without REDIS_URL: at most `maxBytes` of keys and values (least recently
 * used dropped first), each entry until its TTL.
 */
export class MemoryCacheStore implements CacheStore {
  private readonly entries: LRUCache<string, string>;
  private readonly tagGenerations = new Map<string, number>();
  /** The generation of every tag not in the map: raised when the map starts over. */
  private floor = 0;
  private sequence = 0;

  constructor(maxBytes: number) {
    this.entries = new LRUCache<string, string>({ maxSize: maxBytes, sizeCalculation: (value, key) => value.length + key.length });
  }

  async generations(tags: readonly string[]): Promise<string[]> {
    return tags.map((tag) => String(this.tagGenerations.get(tag) ?? this.floor));
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.map((key) => this.entries.get(key) ?? null);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, value, { ttl: Math.max(1, Math.round(ttlMs)) });
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    for (const tag of tags) {
      if (!this.tagGenerations.has(tag) && this.tagGenerations.size >= MAX_TAGS) {
        this.tagGenerations.clear();
        this.floor = ++this.sequence;
      }
      this.tagGenerations.set(tag, ++this.sequence);
    }
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
