import { rateLimited, type KeyValueStore } from '@marquee/platform';

export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/**
 * Counts failed logins per account (by email, known or not, so it says nothing about which
 * exist). `maxFailures` within the window lock that account's logins for `lockMs`.
 */
export class LoginThrottle {
  constructor(
    private readonly store: KeyValueStore,
    private readonly options: LoginThrottleOptions,
  ) {}

  async assertNotLocked(email: string): Promise<void> {
    const remainingMs = await this.store.remainingMs(`login:lock:${email}`);
    if (remainingMs > 0) {
      const retryAfterSeconds = Math.ceil(remainingMs / 1000);
      throw rateLimited(`Too many failed logins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, retryAfterSeconds);
    }
  }

  async recordFailure(email: string): Promise<void> {
    const { count } = await this.store.increment(`login:failures:${email}`, this.options.windowMs);
    if (count >= this.options.maxFailures) {
      await this.store.set(`login:lock:${email}`, '1', this.options.lockMs);
      await this.store.delete(`login:failures:${email}`);
    }
  }

  async recordSuccess(email: string): Promise<void> {
    await this.store.delete(`login:failures:${email}`);
  }
}
