import type { EventBus } from '../events.js';
import type { KeyValueStore } from '../kv.js';
import type { Logger } from '../logger.js';
import { recordCacheLookup, recordEventPublished } from '../telemetry/metrics.js';

/**
 * Token revocation (CONTRACTS.md §2). When a user's older access tokens must stop working
 * (logout, password or role change, deletion), auth records a per-user "not before" (unix
 * seconds) in the KeyValueStore and publishes `{ userId, notBefore }` on this channel; every
 * verifier refuses that user's tokens issued before it.
 */
export const TOKENS_REVOKED_CHANNEL = 'auth:tokens-revoked';

export const notBeforeKey = (userId: string) => `auth:not-before:${userId}`;

export interface TokenRevocation {
  userId: string;
  notBefore: number;
}

export function parseTokenRevocation(message: string): TokenRevocation | null {
  try {
    const value = JSON.parse(message) as Partial<TokenRevocation> | null;
    if (typeof value?.userId !== 'string' || value.userId.length > 64) return null;
    if (typeof value.notBefore !== 'number' || !Number.isFinite(value.notBefore)) return null;
    return { userId: value.userId, notBefore: value.notBefore };
  } catch {
    return null;
  }
}

export interface TokenRevocationsOptions {
  kv: KeyValueStore;
  events: EventBus;
  logger: Logger;
  /** How long a looked-up answer (a not-before or "none") is trusted before it is read again. */
  lookupCacheMs?: number;
  /** How long one store read may take; past it the token is judged on what this process knows. */
  lookupTimeoutMs?: number;
  /** Users remembered at most (oldest forgotten first), so memory stays bounded. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  notBefore: number;
  /** When this answer must be read again (events keep theirs longer than lookups). */
  freshUntil: number;
}

/** How long an event's not-before is kept in memory: longer than any access token lives. */
const EVENT_ENTRY_MS = 24 * 60 * 60_000;
/** How long auth waits on the store and the bus when recording a revocation. */
const REVOKE_TIMEOUT_MS = 3_000;
/** After a failed store read, how long lookups are skipped (the store is down: do not wait on it per request). */
const STORE_DOWN_BACKOFF_MS = 5_000;

/**
 * What each verifier (router, every subgraph) knows about revoked tokens: an in-memory map fed
 * by the `auth:tokens-revoked` events, so the check per request is a map lookup. A user the map
 * does not know (this instance started after the revocation, or missed the event while its bus
 * reconnected) is read once from the store and remembered for `lookupCacheMs`. That read has a
 * short timeout: with the store down the token is judged on the events seen (fail open, logged),
 * never by hanging the request.
 */
export class TokenRevocations {
  private readonly entries = new Map<string, Entry>();
  private readonly lookupCacheMs: number;
  private readonly lookupTimeoutMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private storeDownUntil = 0;
  private stopListening: (() => Promise<void>) | undefined;
  private readonly listeners = new Set<(revocation: TokenRevocation) => void>();

  constructor(private readonly options: TokenRevocationsOptions) {
    this.lookupCacheMs = options.lookupCacheMs ?? 10_000;
    this.lookupTimeoutMs = options.lookupTimeoutMs ?? 500;
    this.maxEntries = options.maxEntries ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /** Starts listening on the bus; resolves once the subscription is live. */
  async start(): Promise<void> {
    this.stopListening ??= await this.options.events.subscribe(TOKENS_REVOKED_CHANNEL, (message) => {
      const revocation = parseTokenRevocation(message);
      if (revocation) this.learn(revocation, EVENT_ENTRY_MS);
    });
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = undefined;
  }

  /** Called for every revocation this instance learns of (after its own records). */
  onRevoked(listener: (revocation: TokenRevocation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** True when a token of `userId` issued at `issuedAt` (unix seconds) was revoked. */
  async isRevoked(userId: string, issuedAt: number): Promise<boolean> {
    return issuedAt < (await this.notBefore(userId));
  }

  /** The user's not-before in unix seconds; 0 when none is known. Lookups count as `token_revocation` cache hits or misses. */
  async notBefore(userId: string): Promise<number> {
    const entry = this.entries.get(userId);
    const fresh = entry !== undefined && entry.freshUntil > this.now();
    recordCacheLookup('token_revocation', fresh);
    if (fresh) return entry.notBefore;
    const stored = await this.lookup(userId);
    if (stored === undefined) return entry?.notBefore ?? 0;
    const notBefore = Math.max(stored, entry?.notBefore ?? 0);
    this.remember(userId, { notBefore, freshUntil: this.now() + this.lookupCacheMs });
    return notBefore;
  }

  /**
   * Auth's side: every token of `userId` issued until now stops working. The not-before is the
   * next whole second (and past the previous not-before), so a token issued earlier in this same
   * second is refused too; tokens
   * issued from now on carry an `iat` of at least it (see AccessTokenIssuer). Recorded in the
   * store for `ttlSeconds` (the longest an access token lives), then published.
   */
  async revoke(userId: string, ttlSeconds: number): Promise<number> {
    // Past the previous not-before too: tokens issued since it may carry it as their iat.
    const notBefore = Math.max(Math.floor(this.now() / 1000), await this.notBefore(userId)) + 1;
    this.learn({ userId, notBefore }, EVENT_ENTRY_MS);
    const message = JSON.stringify({ userId, notBefore } satisfies TokenRevocation);
    // Both, independently: the event reaches running verifiers, the record the ones that start later.
    const [recorded, published] = await Promise.allSettled([
      withTimeout(this.options.kv.set(notBeforeKey(userId), String(notBefore), (ttlSeconds + 60) * 1000), REVOKE_TIMEOUT_MS),
      withTimeout(this.options.events.publish(TOKENS_REVOKED_CHANNEL, message), REVOKE_TIMEOUT_MS),
    ]);
    recordEventPublished('auth', 'auth.tokens.revoked', published.status === 'fulfilled');
    for (const [what, outcome] of [['record', recorded], ['publish', published]] as const) {
      // The refresh tokens are revoked in the database whatever happens here; the access tokens
      // stop working on this instance now, elsewhere when the other half arrives or they expire.
      if (outcome.status === 'rejected') {
        this.options.logger.error(`could not ${what} a token revocation`, { userId, error: errorName(outcome.reason) });
      }
    }
    return notBefore;
  }

  private learn(revocation: TokenRevocation, keepMs: number): void {
    const known = this.entries.get(revocation.userId)?.notBefore ?? 0;
    this.remember(revocation.userId, { notBefore: Math.max(known, revocation.notBefore), freshUntil: this.now() + keepMs });
    for (const listener of this.listeners) listener(revocation);
  }

  private remember(userId: string, entry: Entry): void {
    this.entries.delete(userId);
    this.entries.set(userId, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** The stored not-before (0 for none), or undefined when the store did not answer in time. */
  private async lookup(userId: string): Promise<number | undefined> {
    if (this.storeDownUntil > this.now()) return undefined;
    try {
      const value = await withTimeout(this.options.kv.get(notBeforeKey(userId)), this.lookupTimeoutMs);
      const notBefore = Number(value ?? 0);
      return Number.isFinite(notBefore) ? notBefore : 0;
    } catch (error) {
      this.storeDownUntil = this.now() + STORE_DOWN_BACKOFF_MS;
      this.options.logger.warn('token revocations: the store did not answer; judging tokens on the events seen', {
        error: errorName(error),
      });
      return undefined;
    }
  }
}

/** The promise's answer, or a rejection once `ms` have passed (the work itself is not cancelled). */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const errorName = (error: unknown) => (error instanceof Error ? error.message : String(error));
