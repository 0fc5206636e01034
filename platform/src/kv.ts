import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * The Redis seam: counters with a time window and values with a time to live. With REDIS_URL
 * it is Redis, shared by every replica; without, a Map in this process behind the same interface.
 */
export interface KeyValueStore {
  /** Adds one to a counter; its window starts at the first increment and it vanishes after. */
  increment(key: string, windowMs: number): Promise<{ count: number; remainingMs: number }>;
  /**
   * Takes one back from a live counter (a reservation that turned out not to count), keeping its
   * window; never below zero, and nothing when the counter has expired.
   */
  decrement(key: string): Promise<void>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | null>;
  /** Milliseconds until the key expires; 0 when it does not exist. */
  remainingMs(key: string): Promise<number>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
  /** 'degraded' while a shared store (Redis) is unreachable and this process counts alone; absent: in process by design. */
  health?(): StoreHealth;
}

const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }`;

const DECREMENT_SCRIPT = `
if redis.call('GET', KEYS[1]) and tonumber(redis.call('GET', KEYS[1])) > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

export class RedisKeyValueStore implements KeyValueStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(key: string, windowMs: number) {
    const [count, ttl] = (await this.redis.eval(INCREMENT_SCRIPT, 1, this.prefix + key, windowMs)) as [number, number];
    return { count, remainingMs: Math.max(ttl, 0) };
  }

  async decrement(key: string) {
    await this.redis.eval(DECREMENT_SCRIPT, 1, this.prefix + key);
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

  async decrement(key: string) {
    const entry = this.live(key);
    if (entry && Number(entry.value) > 0) entry.value = String(Number(entry.value) - 1);
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

/** How long a Redis command may take before the caller falls back: requests must not hang on Redis. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;

/**
 * Redis for the key-value seam, tuned so that an outage costs milliseconds, not seconds: a
 * command fails after REDIS_COMMAND_TIMEOUT_MS, is retried once across a reconnect, and the
 * client reconnects by itself (backing off to 2 s) for as long as it takes.
 */
export function connectRedis(url: string): Redis {
  return new Redis(url, {
    enableAutoPipelining: true,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

export type StoreHealth = 'ok' | 'degraded';

/**
 * Redis, and this process's memory while Redis cannot be reached (issue 9, item 11): counters
 * and values fall back to per-process ones with one warning, and Redis is used again as soon as it
 * answers. Limits stay in force during an outage, counted per process instead of per cluster.
 */
export class FallbackKeyValueStore implements KeyValueStore {
  private readonly local = new MemoryKeyValueStore();
  private readonly redisStore: RedisKeyValueStore;
  private degraded = false;
  private everReady = false;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly logger?: Logger,
  ) {
    this.redisStore = new RedisKeyValueStore(redis, prefix);
    redis.on('ready', () => {
      this.everReady = true;
      if (this.degraded) {
        this.degraded = false;
        this.logger?.warn('Redis is back: limits and values are shared again');
      }
    });
    // ioredis reports connection errors here; without a listener they would be printed as unhandled.
    redis.on('error', (error: Error) => this.logger?.debug('redis connection error', { reason: error.message }));
  }

  health(): StoreHealth {
    return this.degraded || (this.everReady && this.redis.status !== 'ready') ? 'degraded' : 'ok';
  }

  private async use<T>(operation: (store: KeyValueStore) => Promise<T>): Promise<T> {
    // Known to be disconnected: do not wait for a timeout on every request.
    if ((this.everReady || this.degraded) && this.redis.status !== 'ready') return this.fallBack(operation);
    try {
      return await operation(this.redisStore);
    } catch (error) {
      return this.fallBack(operation, error);
    }
  }

  private fallBack<T>(operation: (store: KeyValueStore) => Promise<T>, error?: unknown): Promise<T> {
    if (!this.degraded) {
      this.degraded = true;
      this.logger?.warn('Redis unavailable: rate limits and values are kept in this process until it is back', {
        reason: error instanceof Error ? error.message : `connection ${this.redis.status}`,
      });
    }
    return operation(this.local);
  }

  increment(key: string, windowMs: number) {
    return this.use((store) => store.increment(key, windowMs));
  }

  decrement(key: string) {
    return this.use((store) => store.decrement(key));
  }

  set(key: string, value: string, ttlMs: number) {
    return this.use((store) => store.set(key, value, ttlMs));
  }

  get(key: string) {
    return this.use((store) => store.get(key));
  }

  remainingMs(key: string) {
    return this.use((store) => store.remainingMs(key));
  }

  delete(key: string) {
    return this.use((store) => store.delete(key));
  }

  async close() {
    await this.local.close();
    // quit() waits for a reply that a Redis that is down never sends: give it a moment, then cut.
    await Promise.race([this.redis.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    this.redis.disconnect();
  }
}

export function createKeyValueStore(options: { redisUrl?: string; keyPrefix: string; logger?: Logger }): KeyValueStore {
  return options.redisUrl
    ? new FallbackKeyValueStore(connectRedis(options.redisUrl), options.keyPrefix, options.logger)
    : new MemoryKeyValueStore();
}
