import { Redis } from 'ioredis';

/**
 * The Redis seam: counters with a time window and values with a time to live. With REDIS_URL
 * it is Redis, shared by every replica; without, a Map in this process behind the same interface.
 */
export interface KeyValueStore {
  /** Adds one to a counter; its window starts at the first increment and it vanishes after. */
  increment(key: string, windowMs: number): Promise<{ count: number; remainingMs: number }>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | null>;
  /** Milliseconds until the key expires; 0 when it does not exist. */
  remainingMs(key: string): Promise<number>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }`;

export class RedisKeyValueStore implements KeyValueStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(key: string, windowMs: number) {
    const [count, ttl] = (await this.redis.eval(INCREMENT_SCRIPT, 1, this.prefix + key, windowMs)) as [number, number];
    return { count, remainingMs: Math.max(ttl, 0) };
  }

  async set(key: string, value: string, ttlMs: number) {
    await this.redis.set(this.prefix + key, value, 'PX', ttlMs);
  }

  get(key: string) {
    return this.redis.get(this.prefix + key);
  }

  async remainingMs(key: string) {
    return Math.max(await this.redis.pttl(this.prefix + key), 0);
  }

  async delete(key: string) {
    await this.redis.del(this.prefix + key);
  }

  async close() {
    await this.redis.quit();
  }
}

export class MemoryKeyValueStore implements KeyValueStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string) {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async increment(key: string, windowMs: number) {
    const entry = this.live(key);
    const count = entry ? Number(entry.value) + 1 : 1;
    const expiresAt = entry ? entry.expiresAt : this.now() + windowMs;
    this.entries.set(key, { value: String(count), expiresAt });
    return { count, remainingMs: expiresAt - this.now() };
  }

  async set(key: string, value: string, ttlMs: number) {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  async get(key: string) {
    return this.live(key)?.value ?? null;
  }

  async remainingMs(key: string) {
    const entry = this.live(key);
    return entry ? entry.expiresAt - this.now() : 0;
  }

  async delete(key: string) {
    this.entries.delete(key);
  }

  async close() {
    this.entries.clear();
  }
}

export function connectRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
}

export function createKeyValueStore(options: { redisUrl?: string; keyPrefix: string }): KeyValueStore {
  return options.redisUrl
    ? new RedisKeyValueStore(connectRedis(options.redisUrl), options.keyPrefix)
    : new MemoryKeyValueStore();
}
