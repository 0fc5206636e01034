import type { JWTPayload } from 'jose';
import { recordCacheLookup } from '../telemetry/metrics.js';

/**
 * Tokens whose signature and claims were verified, so a caller's token is checked once, not on
 * every request and by every service it passes through: at most `maxEntries` (the oldest go
 * first), each kept until the token expires and never longer than `maxAgeMs`. Only successes
 * are remembered; checks that can change while a token lives (revocation) belong after this.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { payload: JWTPayload; until: number }>();

  constructor(private readonly options: { maxEntries: number; maxAgeMs: number; now?: () => number }) {}

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  /** Counted in `marquee_cache_lookups_total{cache="verified_token"}`. */
  get(token: string): JWTPayload | undefined {
    const payload = this.lookup(token);
    recordCacheLookup('verified_token', payload !== undefined);
    return payload;
  }

  private lookup(token: string): JWTPayload | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.payload;
  }

  remember(token: string, payload: JWTPayload): void {
    const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
    const until = Math.min(expiresAt, this.now() + this.options.maxAgeMs);
    if (until <= this.now()) return;
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, { payload, until });
  }

  get size(): number {
    return this.entries.size;
  }
}
