import { createHash } from 'node:crypto';
import type { CacheHint } from '@apollo/cache-control-types';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { recordCacheLookup, type Logger } from '@marquee/platform';
import { Kind, parse, print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { CacheConfig } from './config.js';
import { ALL, type CacheInvalidation } from './invalidation.js';
import { selectionTypes } from './selection-types.js';
import type { CacheStore } from './store.js';
import { Uncacheable } from './uncacheable.js';

/** A subgraph fetch as the gateway builds it, without its HTTP part. */
export type SubgraphRequest = Omit<GatewayGraphQLRequest, 'http'>;

/** One cached entity: its value, when it was stored (ms) and the max-age it was stored with (s). */
interface StoredEntity {
  v: unknown;
  t: number;
  m: number;
}

export interface EntityLookup {
  /** The fetch for the entities not cached (same document, fewer representations); null when all were. */
  remaining: SubgraphRequest | null;
  /** The cached entities' hint: public, for the least time any of them has left; null when none was cached. */
  cachedHint: CacheHint | null;
  /**
   * Every representation's entity, in the order asked: cached ones and the subgraph's answer for the
   * rest (its error paths renumbered). The answer's entities are stored when it has no errors and
   * its Cache-Control (`hint`) was public with a max-age.
   */
  complete(answer: GatewayGraphQLResponse | null, hint: CacheHint | null): GatewayGraphQLResponse;
}

export interface EntityCacheOptions {
  store: CacheStore;
  invalidation: CacheInvalidation;
  config: CacheConfig;
  logger: Logger;
}

/** Distinct fetch documents remembered as parsed (the planner makes a bounded number of them). */
const MAX_DOCUMENTS = 1_000;

/** A subgraph's hint that lets its entities be stored: public, with a max-age. */
const storableHint = (hint: CacheHint | null): hint is CacheHint & { maxAge: number } =>
  hint !== null && hint.maxAge !== undefined && hint.maxAge > 0 && hint.scope !== 'PRIVATE';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * The entity cache (README: Caching): `_entities` fetches of queries are answered per entity,
 * keyed by subgraph, fetch document (the selection), other variables and the representation
 * (type and key), so a public entity fetched once serves every later query that selects the same
 * fields of it, whoever asks. What may be stored is what the owning subgraph answered PUBLIC with
 * a max-age: a selection with any private field is fetched for each caller with their own token.
 * Entries carry the generations of every type in the selection (store.ts), like the response cache.
 */
export class EntityCache {
  /** Per fetch text: the parsed fetch and its selection without the operation's name, or null when not an entities fetch. */
  private readonly documents = new LRUCache<string, { fetch: EntitiesFetch | null }>({ max: MAX_DOCUMENTS });
  /** Fetch selections (per subgraph) whose answers came back private or no-store. */
  private readonly uncacheable = new Uncacheable();

  constructor(private readonly options: EntityCacheOptions) {}

  /** The `_entities` fetch's cached part, or null when the fetch is not one the cache answers. */
  async lookup(subgraph: string, schema: GraphQLSchema, request: SubgraphRequest): Promise<EntityLookup | null> {
    const representations: unknown = request.variables?.representations;
    if (!this.options.invalidation.reliable || !request.query || !Array.isArray(representations) || representations.length === 0) return null;
    const fetch = this.entitiesFetch(request.query);
    if (!fetch) return null;
    const selectionKey = `${subgraph}\u0000${fetch.selection}`;
    if (this.uncacheable.has(selectionKey)) return null;
    const types = selectionTypes(schema, fetch.document);
    if (!types) return null;
    const { representations: _representations, ...otherVariables } = request.variables ?? {};
    // The planner names each fetch after the client's operation: the selection alone is the key.
    const base = `${subgraph}\u0000${fetch.selection}\u0000${JSON.stringify(otherVariables)}`;
    let keys: string[];
    let found: (string | null)[];
    try {
      const generations = (await this.options.store.generations([ALL, ...types])).join('.');
      keys = representations.map((representation) => `entity:${sha256(`${base}\u0000${JSON.stringify(representation)}\u0000${generations}`)}`);
      found = await this.options.store.getMany(keys);
    } catch {
      return null;
    }
    const now = Date.now();
    const cached = found.map(parseStored);
    const missing: number[] = [];
    let secondsLeft = Number.POSITIVE_INFINITY;
    cached.forEach((entry, index) => {
      recordCacheLookup('entity', entry !== null);
      if (entry) secondsLeft = Math.min(secondsLeft, Math.max(0, Math.floor(entry.m - (now - entry.t) / 1000)));
      else missing.push(index);
    });
    return {
      remaining: missing.length === 0 ? null : { ...request, variables: { ...request.variables, representations: missing.map((index) => representations[index] as unknown) } },
      cachedHint: missing.length === representations.length ? null : { maxAge: secondsLeft, scope: 'PUBLIC' },
      complete: (answer, hint) => {
        // An answer without errors that may not be stored (private, such as `User.orders`): this
        // selection's answers are about the caller, so its next fetches skip the lookups for a while.
        if (answer && !answer.errors?.length && !storableHint(hint)) this.uncacheable.remember(selectionKey);
        return this.complete({ cached, missing, keys, answer, hint });
      },
    };
  }

  private complete(fetch: {
    cached: (StoredEntity | null)[];
    missing: number[];
    keys: string[];
    answer: GatewayGraphQLResponse | null;
    hint: CacheHint | null;
  }): GatewayGraphQLResponse {
    const { cached, missing, keys, answer, hint } = fetch;
    const errors = answer?.errors?.map((error) => {
      const [field, position, ...rest] = error.path ?? [];
      if (field !== '_entities' || typeof position !== 'number') return error;
      return { ...error, path: [field, missing[position] ?? position, ...rest] };
    });
    const fetched: unknown = answer?.data?._entities ?? (answer ? undefined : []);
    if (!Array.isArray(fetched) || fetched.length !== missing.length) return { ...answer, ...(errors ? { errors } : {}) };
    const entities: unknown[] = cached.map((entry) => entry?.v ?? null);
    missing.forEach((index, position) => {
      entities[index] = fetched[position] as unknown;
    });
    if (answer && !errors?.length && storableHint(hint)) this.store(missing, fetched, keys, hint.maxAge);
    return { ...answer, data: { ...answer?.data, _entities: entities }, ...(errors ? { errors } : {}) };
  }

  private store(missing: number[], fetched: unknown[], keys: string[], maxAge: number): void {
    const { maxTtlSeconds, maxEntryBytes } = this.options.config;
    const now = Date.now();
    missing.forEach((index, position) => {
      const entity = fetched[position];
      const key = keys[index];
      // A missing entity (null) is not remembered: one created later must be found at once.
      if (entity === null || typeof entity !== 'object' || !key) return;
      const value = JSON.stringify({ v: entity, t: now, m: maxAge } satisfies StoredEntity);
      if (Buffer.byteLength(value) > maxEntryBytes) return;
      this.options.store.set(key, value, Math.min(maxAge, maxTtlSeconds) * 1000).catch((error: unknown) =>
        this.options.logger.debug('entity cache write failed', { reason: error instanceof Error ? error.message : String(error) }),
      );
    });
  }

  /** The parsed fetch when it is exactly `_entities(representations: $representations) { ... }`. */
  private entitiesFetch(query: string): EntitiesFetch | null {
    const known = this.documents.get(query);
    if (known) return known.fetch;
    let fetch: EntitiesFetch | null = null;
    try {
      const document = parse(query);
      const [operation, ...others] = document.definitions;
      const [field, ...siblings] = operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === 'query' ? operation.selectionSet.selections : [];
      const argument = field?.kind === Kind.FIELD && !field.alias && field.name.value === '_entities' ? field.arguments : undefined;
      const byVariable = argument?.length === 1 && argument[0]?.name.value === 'representations' && argument[0].value.kind === Kind.VARIABLE && argument[0].value.name.value === 'representations';
      if (operation?.kind === Kind.OPERATION_DEFINITION && others.every((definition) => definition.kind === Kind.FRAGMENT_DEFINITION) && siblings.length === 0 && byVariable) {
        fetch = { document, selection: print({ ...document, definitions: [{ ...operation, name: undefined }, ...others] }) };
      }
    } catch {
      fetch = null;
    }
    this.documents.set(query, { fetch });
    return fetch;
  }
}

/** An `_entities` fetch: its document and its text without the operation's name (the cache key). */
interface EntitiesFetch {
  document: DocumentNode;
  selection: string;
}

function parseStored(value: string | null): StoredEntity | null {
  if (value === null) return null;
  try {
    const entry = JSON.parse(value) as Partial<StoredEntity> | null;
    return entry && typeof entry.t === 'number' && typeof entry.m === 'number' && entry.v !== undefined ? (entry as StoredEntity) : null;
  } catch {
    return null;
  }
}
