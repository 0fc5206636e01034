import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import { User } from './User.js';

/**
 * One refresh token of a family (one sign-in on one device). Only its SHA-256 hash is stored.
 * A rotated token keeps `rotatedAt`; presenting it again is reuse, which revokes the family.
 */
export class RefreshToken {
  id: string = randomUUID();
  user!: Ref<User>;
  familyId!: string;
  tokenHash!: string;
  expiresAt!: Date;
  rotatedAt: Date | null = null;
  revokedAt: Date | null = null;
  createdAt: Date = new Date();
}

export const RefreshTokenSchema = new EntitySchema<RefreshToken>({
  class: RefreshToken,
  tableName: 'refresh_tokens',
  indexes: [{ name: 'refresh_tokens_family_index', properties: ['familyId'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: () => User, ref: true, deleteRule: 'cascade' },
    familyId: { type: 'uuid' },
    tokenHash: { type: 'text', unique: 'refresh_tokens_hash_unique' },
    expiresAt: { type: 'datetime' },
    rotatedAt: { type: 'datetime', nullable: true },
    revokedAt: { type: 'datetime', nullable: true },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
  },
});
