import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { invalidToken } from '../errors.js';
import type { TokenRevocations } from './revocations.js';
import { isRole, type AuthUser } from './roles.js';
import { VerifiedTokens } from './verified-tokens.js';

/** Only the algorithm auth signs with; `none`, HMAC and anything else are refused outright. */
export const ACCESS_TOKEN_ALGORITHMS = ['EdDSA'];

/**
 * RFC 9068's type for JWT access tokens. Auth puts it in every access token's header and every
 * verifier requires it (RFC 8725 §3.11), so no other JWT signed with the same key (an ID token,
 * an email link, whatever comes later) can be replayed as an access token.
 */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

export type TokenVerifier = (token: string) => Promise<AuthUser>;

export interface TokenVerifierOptions {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  /** Refuses tokens issued before their user's not-before (CONTRACTS.md §2). */
  revocations?: Pick<TokenRevocations, 'isRevoked'>;
  /** Tokens already verified (default: up to 10,000, each for at most a minute and never past its expiry). */
  verified?: VerifiedTokens;
}

export function remoteKeySet(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
}

export function createTokenVerifier({ keys, issuer, audience, revocations, verified = new VerifiedTokens({ maxEntries: 10_000, maxAgeMs: 60_000 }) }: TokenVerifierOptions): TokenVerifier {
  return async (token) => {
    try {
      // One signature check per token and process, not one per request (a signed-in page sends many).
      let payload = verified.get(token);
      if (!payload) {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ACCESS_TOKEN_ALGORITHMS,
          issuer,
          audience,
          typ: ACCESS_TOKEN_TYPE,
          requiredClaims: ['sub', 'jti', 'iat', 'exp'],
        }));
        verified.remember(token, payload);
      }
      if (!isRole(payload.role) || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') {
        throw invalidToken();
      }
      if (revocations && (await revocations.isRevoked(payload.sub, payload.iat ?? 0))) {
        throw invalidToken('The access token was revoked (signed out, password or role changed). Sign in again.');
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
