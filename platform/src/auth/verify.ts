import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { invalidToken } from '../errors.js';
import { isRole, type AuthUser } from './roles.js';

/** Only the algorithm auth signs with; `none`, HMAC and anything else are refused outright. */
export const ACCESS_TOKEN_ALGORITHMS = ['EdDSA'];

export type TokenVerifier = (token: string) => Promise<AuthUser>;

export interface TokenVerifierOptions {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
}

export function remoteKeySet(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
}

export function createTokenVerifier({ keys, issuer, audience }: TokenVerifierOptions): TokenVerifier {
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ACCESS_TOKEN_ALGORITHMS,
        issuer,
        audience,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      });
      if (!isRole(payload.role) || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') {
        throw invalidToken();
      }
      return { id: payload.sub, role: payload.role, tokenId: payload.jti, expiresAt: new Date((payload.exp ?? 0) * 1000) };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw invalidToken('The access token has expired.');
      // Not reaching the key set is our outage, not the caller's bad token.
      if (error instanceof joseErrors.JWKSTimeout) throw error;
      if (error instanceof joseErrors.JOSEError) throw invalidToken();
      throw error;
    }
  };
}

/**
 * Reads an `Authorization` header: none means anonymous (null); anything other than a
 * well-formed, valid `Bearer` token is refused rather than silently treated as anonymous.
 */
export async function authenticate(header: string | undefined, verify: TokenVerifier): Promise<AuthUser | null> {
  if (header === undefined || header.trim() === '') return null;
  const match = /^Bearer\s+([A-Za-z0-9_.-]+)\s*$/i.exec(header);
  if (!match) throw invalidToken('The Authorization header must be "Bearer <access token>".');
  return verify(match[1]!);
}
