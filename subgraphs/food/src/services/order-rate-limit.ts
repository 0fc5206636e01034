import { rateLimited, type KeyValueStore } from '@marquee/platform';

/** At most `limit` orders per user per window (Redis when present, so across replicas). */
export class OrderRateLimit {
  constructor(
    private readonly store: KeyValueStore,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async take(userId: string): Promise<void> {
    const { count, remainingMs } = await this.store.increment(`food:place-order:${userId}`, this.windowMs);
    if (count > this.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(remainingMs / 1000));
      throw rateLimited(`You have placed too many orders. Try again in ${retryAfterSeconds} second(s).`, retryAfterSeconds);
    }
  }

  /** An attempt that placed nothing (refused, or the database was down) does not use up the limit. */
  async giveBack(userId: string): Promise<void> {
    await this.store.decrement(`food:place-order:${userId}`);
  }
}
