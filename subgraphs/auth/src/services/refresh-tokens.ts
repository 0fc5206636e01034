import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { LockMode, ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { unauthenticated } from '@marquee/platform';
import { RefreshToken } from '../entities/RefreshToken.js';
import type { User } from '../entities/User.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** Ours are 43 characters; anything much longer was not issued here and is not looked up. */
const MAX_TOKEN_LENGTH = 128;

const invalidRefreshToken = () => unauthenticated('The refresh token is invalid, expired or revoked. Please sign in again.');

export class RefreshTokens {
  constructor(private readonly ttlSeconds: number) {}

  /** Persists a new token (a new family unless one is given) and returns its only plain copy. */
  issue(em: EntityManager, user: User, familyId: string = randomUUID()): string {
    const token = randomBytes(32).toString('base64url');
    const row = new RefreshToken();
    row.user = ref(user);
    row.familyId = familyId;
    row.tokenHash = hashToken(token);
    row.expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    em.persist(row);
    return token;
  }

  /**
   * Trades a live token for a new one of the same family. The row is locked, so two concurrent
   * rotations of one token cannot both succeed: the second sees it rotated and counts as reuse.
   * Reuse revokes the whole family (committed) and then answers UNAUTHENTICATED.
   */
  async rotate(em: EntityManager, presented: string): Promise<{ user: User; refreshToken: string }> {
    if (presented.length > MAX_TOKEN_LENGTH) throw invalidRefreshToken();
    const outcome = await em.transactional(async (tx) => {
      const row = await tx.findOne(
        RefreshToken,
        { tokenHash: hashToken(presented) },
        { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['user'] },
      );
      if (!row || row.revokedAt || row.expiresAt <= new Date()) return null;
      if (row.rotatedAt) {
        await this.revokeFamilyIn(tx, row.familyId);
        return 'reused' as const;
      }
      row.rotatedAt = new Date();
      const user = row.user.getEntity();
      return { user, refreshToken: this.issue(tx, user, row.familyId) };
    });
    if (outcome === null || outcome === 'reused') throw invalidRefreshToken();
    return outcome;
  }

  /** Revokes the family of the given token; returns its user's id, null when the token is unknown. */
  async revokeFamilyOf(em: EntityManager, presented: string): Promise<string | null> {
    if (presented.length > MAX_TOKEN_LENGTH) return null;
    const row = await em.findOne(RefreshToken, { tokenHash: hashToken(presented) });
    if (!row) return null;
    await this.revokeFamilyIn(em, row.familyId);
    return row.user.id;
  }

  private async revokeFamilyIn(em: EntityManager, familyId: string): Promise<void> {
    await em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: new Date() });
  }
}
