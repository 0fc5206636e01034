import { createHash } from 'node:crypto';
import { rateLimited, type KeyValueStore } from '@marquee/platform';

export interface LoginThrottleOptions {
  /** Guesses per account from one client address per window (and the lock after them). */
  maxFailures: number;
  /** Guesses per account from all addresses together per window: the ceiling for a distributed attacker. */
  accountMaxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** A reserved guess: what `succeeded` or `failed` settles. */
export interface LoginAttempt {
  pairKey: string;
  accountKey: string;
  pairCount: number;
  accountCount: number;
}

/** Store keys are digests: raw user input (a 900 KB "email") never becomes a key. */
const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('base64url');

const tooMany = (remainingMs: number) => {
  const retryAfterSeconds = Math.max(1, Math.ceil(remainingMs / 1000));
  return rateLimited(`Too many failed logins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, retryAfterSeconds);
};

/**
 * Login throttling after OWASP's Authentication Cheat Sheet: failed guesses are counted per
 * (account, client address) and, with a higher ceiling, per account.
 *
 * - Each guess is reserved with an atomic increment BEFORE the password is checked, so however
 *   many requests arrive at once, at most `maxFailures` guesses per pair (and `accountMaxFailures`
 *   per account) are ever evaluated in a window; the rest are RATE_LIMITED unchecked.
 * - Reaching the limit with a failure locks that pair (or account) for `lockMs`.
 * - A right password clears its pair's count and gives its account reservation back, so the
 *   owner's own logins never count towards the account ceiling.
 * - One address guessing wrong locks only itself out of that account; locking the account for
 *   everyone takes `accountMaxFailures` failures, which one address alone cannot reach.
 * Accounts are counted by email, known or not, so the answers say nothing about which exist.
 */
export class LoginThrottle {
  constructor(
    private readonly store: KeyValueStore,
    private readonly options: LoginThrottleOptions,
  ) {}

  /** Reserves one guess for `email` from `clientAddress`, or refuses with RATE_LIMITED. */
  async reserve(email: string, clientAddress: string): Promise<LoginAttempt> {
    const account = digest('account', email);
    const pair = digest('pair', email, clientAddress);
    const locked = Math.max(
      await this.store.remainingMs(`login:lock:pair:${pair}`),
      await this.store.remainingMs(`login:lock:account:${account}`),
    );
    if (locked > 0) throw tooMany(locked);
    const pairKey = `login:attempts:pair:${pair}`;
    const accountKey = `login:attempts:account:${account}`;
    const byPair = await this.store.increment(pairKey, this.options.windowMs);
    if (byPair.count > this.options.maxFailures) throw tooMany(byPair.remainingMs);
    const byAccount = await this.store.increment(accountKey, this.options.windowMs);
    if (byAccount.count > this.options.accountMaxFailures) {
      await this.store.decrement(pairKey);
      throw tooMany(byAccount.remainingMs);
    }
    return { pairKey, accountKey, pairCount: byPair.count, accountCount: byAccount.count };
  }

  async failed(attempt: LoginAttempt): Promise<void> {
    if (attempt.pairCount >= this.options.maxFailures) {
      await this.store.set(attempt.pairKey.replace(':attempts:', ':lock:'), '1', this.options.lockMs);
    }
    if (attempt.accountCount >= this.options.accountMaxFailures) {
      await this.store.set(attempt.accountKey.replace(':attempts:', ':lock:'), '1', this.options.lockMs);
    }
  }

  /** The guess could not be checked (the database was down): it does not count. */
  async release(attempt: LoginAttempt): Promise<void> {
    await this.store.decrement(attempt.pairKey);
    await this.store.decrement(attempt.accountKey);
  }

  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.store.delete(attempt.pairKey);
    await this.store.decrement(attempt.accountKey);
  }
}
