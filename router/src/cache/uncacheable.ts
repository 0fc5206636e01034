/** How long something whose answer could not be cached skips the cache (its hints may change with a deploy). */
const REMEMBER_MS = 60_000;
/** Keys remembered at most; the oldest is forgotten first. */
const MAX_KEYS = 10_000;

/**
 * Operations (response cache) or entity fetch selections (entity cache) whose last answer was not
 * cacheable: a private or no-store hint, anything about the caller such as `me` or `User.orders`.
 * The caches skip their lookups for them for a while: each would otherwise cost two store round
 * trips (the types' generations, the entries) per request for entries that are never written.
 */
export class Uncacheable {
  private readonly until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  has(key: string): boolean {
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(key);
    return false;
  }

  remember(key: string): void {
    this.until.delete(key);
    this.until.set(key, this.now() + REMEMBER_MS);
    // Oldest first: a Map iterates in insertion order.
    if (this.until.size > MAX_KEYS) this.until.delete(this.until.keys().next().value!);
  }
}
