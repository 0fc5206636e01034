/** How long an operation whose answer could not be cached skips the cache (its hints may change with a deploy). */
const REMEMBER_MS = 60_000;
/** Operations remembered at most; the oldest is forgotten first. */
const MAX_OPERATIONS = 10_000;

/**
 * Operations whose last answer was not cacheable (a private or no-store hint: anything about the
 * caller, such as `me`). The response cache skips its lookups for them for a while: a signed-in
 * query would otherwise pay two store round trips (the types' generations, the entry) per request
 * for an entry that is never written.
 */
export class UncacheableOperations {
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
    if (this.until.size > MAX_OPERATIONS) this.until.delete(this.until.keys().next().value!);
  }
}
