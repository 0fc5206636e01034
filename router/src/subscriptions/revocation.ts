import { unauthenticated } from '@marquee/platform';
import type { Subscriber } from './subscriber.js';
import type { Caller } from './types.js';

/**
 * Token revocation (CONTRACTS.md §2): auth publishes `{ userId, notBefore }` when a user's older
 * access tokens must stop working; the router ends that user's subscriptions whose token was
 * issued before `notBefore` (unix seconds).
 */
export const TOKENS_REVOKED_CHANNEL = 'auth:tokens-revoked';

export interface Revocation {
  userId: string;
  notBefore: number;
}

export function parseRevocation(message: string): Revocation | null {
  try {
    const value = JSON.parse(message) as Partial<Revocation> | null;
    if (typeof value?.userId !== 'string' || typeof value.notBefore !== 'number' || !Number.isFinite(value.notBefore)) return null;
    return { userId: value.userId, notBefore: value.notBefore };
  } catch {
    return null;
  }
}

/**
 * Each user's live subscriptions and the newest "not before" (unix seconds) heard on the bus for
 * them: a revocation ends the subscriptions of older tokens, and those tokens are refused here
 * from then on, even before the subgraphs would notice.
 */
export class UserSubscriptions {
  private readonly byUser = new Map<string, Set<Subscriber>>();
  private readonly notBefore = new Map<string, number>();

  add(userId: string, subscriber: Subscriber): void {
    const mine = this.byUser.get(userId) ?? new Set();
    mine.add(subscriber);
    this.byUser.set(userId, mine);
  }

  remove(userId: string, subscriber: Subscriber): void {
    const mine = this.byUser.get(userId);
    mine?.delete(subscriber);
    if (mine?.size === 0) this.byUser.delete(userId);
  }

  /** True when the caller's token (issued at `issuedAt`) was revoked. */
  revoked(caller: Caller, issuedAt: number | undefined): boolean {
    const user = caller.user;
    if (!user) return false;
    const since = this.notBefore.get(user.id);
    return since !== undefined && (issuedAt ?? 0) < since;
  }

  /** A message of TOKENS_REVOKED_CHANNEL: ends the subscriptions it revokes. */
  revoke(message: string): void {
    const revocation = parseRevocation(message);
    if (!revocation) return;
    this.notBefore.set(revocation.userId, Math.max(revocation.notBefore, this.notBefore.get(revocation.userId) ?? 0));
    for (const subscriber of [...(this.byUser.get(revocation.userId) ?? [])]) {
      if ((subscriber.issuedAt ?? 0) < revocation.notBefore) {
        subscriber.fail(unauthenticated('The access token was revoked; the subscription has ended. Sign in again and resubscribe.'));
      }
    }
  }
}
