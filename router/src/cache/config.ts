import type { EnvReader } from '@marquee/platform';

/** The router's caches (README: Caching); every limit is documented there and in .env.example. */
export interface CacheConfig {
  /** RESPONSE_CACHE: whole answers to public queries, shared by every caller (default on). */
  responseCache: boolean;
  /** ENTITY_CACHE: public entities fetched by reference (`_entities`), one entry per entity (default on). */
  entityCache: boolean;
  /** CACHE_MAX_TTL_SECONDS: no entry outlives this, whatever max-age its answer earned. */
  maxTtlSeconds: number;
  /** CACHE_MAX_ENTRY_BYTES: a larger answer or entity is served but not stored. */
  maxEntryBytes: number;
  /** CACHE_MEMORY_MAX_MB (as bytes): the in-process store's budget without REDIS_URL; least recently used entries go first. */
  memoryMaxBytes: number;
}

export function readCacheConfig(reader: EnvReader): CacheConfig {
  return {
    responseCache: reader.oneOf('RESPONSE_CACHE', ['on', 'off'], 'on') === 'on',
    entityCache: reader.oneOf('ENTITY_CACHE', ['on', 'off'], 'on') === 'on',
    maxTtlSeconds: reader.int('CACHE_MAX_TTL_SECONDS', 300, { min: 1, max: 86_400 }),
    maxEntryBytes: reader.int('CACHE_MAX_ENTRY_BYTES', 512 * 1024, { min: 1024, max: 16 * 1024 * 1024 }),
    memoryMaxBytes: reader.int('CACHE_MEMORY_MAX_MB', 64, { min: 1, max: 16_384 }) * 1024 * 1024,
  };
}
