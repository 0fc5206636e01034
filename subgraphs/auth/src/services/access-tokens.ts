import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Role } from '@marquee/platform';
import { SIGNING_ALGORITHM, type SigningKey } from './signing-key.js';

export interface AccessTokenIssuer {
  issue(user: { id: string; role: Role }): Promise<{ accessToken: string; expiresIn: number }>;
}

export function createAccessTokenIssuer(options: {
  key: SigningKey;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}): AccessTokenIssuer {
  return {
    async issue(user) {
      const now = Math.floor(Date.now() / 1000);
      const accessToken = await new SignJWT({ role: user.role })
        .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: options.key.kid, typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + options.ttlSeconds)
        .sign(options.key.privateKey);
      return { accessToken, expiresIn: options.ttlSeconds };
    },
  };
}
