import { recordCacheLookup } from './metrics.js';

/** The shape of Apollo's KeyValueCache (documents, query plans), with `clear` when the store has it. */
export interface LookupStore<V> {
  get(key: string): Promise<V | undefined>;
  set(key: string, value: V, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
  clear?(): void;
}

/**
 * A cache that counts its lookups in `marquee_cache_lookups_total{cache=<name>}`: a hit when
 * `get` finds a value, a miss otherwise. Everything else passes through to `store`.
 */
export class CountedCache<V> {
  constructor(
    readonly name: string,
    private readonly store: LookupStore<V>,
  ) {}

  async get(key: string): Promise<V | undefined> {
    const value = await this.store.get(key);
    recordCacheLookup(this.name, value !== undefined);
    return value;
  }

  set(key: string, value: V, options?: { ttl?: number | null }): Promise<void> {
    return this.store.set(key, value, options);
  }

  delete(key: string): Promise<boolean | void> {
    return this.store.delete(key);
  }

  clear(): void {
    this.store.clear?.();
  }
}
