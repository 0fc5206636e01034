import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ACCESS_TOKEN_TYPE, type Role } from '@marquee/platform';
import { SIGNING_ALGORITHM, type SigningKey } from './signing-key.js';

export interface AccessTokenIssuer {
  issue(user: { id: string; role: Role }): Promise<{ accessToken: string; expiresIn: number }>;
}

export function createAccessTokenIssuer(options: {
  key: SigningKey;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** The user's not-before (unix seconds, 0 for none): a token issued right after a revocation must not fall under it. */
  notBefore: (userId: string) => Promise<number>;
}): AccessTokenIssuer {
  return {
    async issue(user) {
      const now = Math.floor(Date.now() / 1000);
      // A revocation in this very second set not-before to the next one; this token is newer.
      const issuedAt = Math.max(now, await options.notBefore(user.id));
      const accessToken = await new SignJWT({ role: user.role })
        .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: options.key.kid, typ: ACCESS_TOKEN_TYPE })
        .setSubject(user.id)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setJti(randomUUID())
        .setIssuedAt(issuedAt)
        .setExpirationTime(now + options.ttlSeconds)
        .sign(options.key.privateKey);
      return { accessToken, expiresIn: options.ttlSeconds };
    },
  };
}
