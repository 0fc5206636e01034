import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { GraphQLError } from 'graphql';
import { recordCacheLookup, type KeyValueStore } from '@marquee/platform';

/** Apollo Server prefixes its persisted-query keys with this. */
const APQ_PREFIX = 'apq:';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Operations registered at build time, by the SHA-256 of their text. */
export type TrustedDocuments = ReadonlyMap<string, string>;

/**
 * Reads a persisted-documents manifest: a JSON object of `{ "<hash>": "<document>" }`, as GraphQL
 * Code Generator's client preset writes it (`persistedDocuments: true`). Each document is also
 * indexed by the SHA-256 of its text, which is the hash automatic persisted queries send.
 */
export function readTrustedDocuments(path: string): TrustedDocuments {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${path} must be a JSON object of { "<hash>": "<document>" }`);
  }
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(parsed)) {
    if (typeof document !== 'string') throw new Error(`${path}: the document of ${hash} is not a string`);
    documents.set(hash, document);
    documents.set(sha256(document), document);
  }
  return documents;
}

/**
 * Automatic persisted queries kept in the KeyValueStore (Redis when REDIS_URL is set, so every
 * replica knows a query any replica has seen; in process otherwise). With trusted documents,
 * the registered ones are always found and nothing else is ever stored.
 */
export class PersistedQueryStore implements KeyValueCache<string> {
  constructor(
    private readonly store: KeyValueStore,
    private readonly options: { ttlSeconds: number; trusted?: TrustedDocuments },
  ) {}

  private key(key: string): string {
    return `persisted-query:${key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key}`;
  }

  /** Apollo asks only for a hash sent without its document: a miss answers PERSISTED_QUERY_NOT_FOUND. */
  async get(key: string): Promise<string | undefined> {
    const document = this.options.trusted
      ? this.options.trusted.get(key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key)
      : ((await this.store.get(this.key(key))) ?? undefined);
    recordCacheLookup('persisted_query', document !== undefined);
    return document;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (this.options.trusted) return;
    const ttlSeconds = options?.ttl ?? this.options.ttlSeconds;
    await this.store.set(this.key(key), value, Math.max(1, ttlSeconds) * 1000);
  }

  async delete(key: string): Promise<boolean | void> {
    await this.store.delete(this.key(key));
  }
}

/**
 * Trusted-documents mode: only operations registered at build time run. Anything else, sent as
 * text or by an unknown hash, is refused with 400 and `OPERATION_NOT_TRUSTED` before it is executed (it is parsed and validated
 * first, within the router's document limits).
 */
export function trustedDocumentsOnly<TContext extends BaseContext>(documents: TrustedDocuments): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        // Checked once the operation is resolved: errors thrown earlier in the pipeline lose their status.
        async didResolveOperation({ queryHash }) {
          if (documents.has(queryHash)) return;
          throw new GraphQLError('This operation is not registered with the API. Only the operations of its own clients are accepted here.', {
            extensions: { code: 'OPERATION_NOT_TRUSTED', http: { status: 400 } },
          });
        },
      };
    },
  };
}
