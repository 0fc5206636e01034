import { generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { createTokenVerifier } from '@marquee/platform';
import { VerifiedTokens } from '../../platform/src/auth/verified-tokens.js';

const ISSUER = 'marquee-auth';
const AUDIENCE = 'marquee';

async function signer() {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  let keyLookups = 0;
  const keys: JWTVerifyGetKey = async () => {
    keyLookups += 1;
    return publicKey;
  };
  const sign = (claims: Record<string, unknown>, expiresAt: number) =>
    new SignJWT({ role: 'USER', ...claims })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt' })
      .setSubject('user-1')
      .setJti(String(Math.random()))
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(privateKey);
  return { keys, sign, lookups: () => keyLookups };
}

const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

describe('verified tokens', () => {
  it('checks a token signature once, then answers from memory with the same user', async () => {
    const { keys, sign, lookups } = await signer();
    const verify = createTokenVerifier({ keys, issuer: ISSUER, audience: AUDIENCE });
    const token = await sign({}, inSeconds(600));
    const first = await verify(token);
    const second = await verify(token);
    expect(second).toEqual(first);
    expect(first.id).toBe('user-1');
    expect(lookups()).toBe(1);
  });

  it('still refuses a tampered or expired token after a valid one was remembered', async () => {
    const { keys, sign } = await signer();
    const verify = createTokenVerifier({ keys, issuer: ISSUER, audience: AUDIENCE });
    const token = await sign({}, inSeconds(600));
    await verify(token);
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'someone-else', role: 'SUPER_ADMIN' })).toString('base64url');
    await expect(verify(`${header}.${forgedPayload}.${signature}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(verify(await sign({}, inSeconds(-10)))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('forgets a token when it expires, after at most maxAgeMs, and keeps at most maxEntries', () => {
    let now = 1_000_000;
    const verified = new VerifiedTokens({ maxEntries: 2, maxAgeMs: 60_000, now: () => now });
    verified.remember('soon', { exp: (now + 5_000) / 1000 });
    verified.remember('later', { exp: (now + 3_600_000) / 1000 });
    expect(verified.get('soon')).toBeDefined();
    now += 5_000;
    expect(verified.get('soon')).toBeUndefined();
    expect(verified.get('later')).toBeDefined();
    now += 55_000;
    expect(verified.get('later')).toBeUndefined();
    verified.remember('a', { exp: (now + 3_600_000) / 1000 });
    verified.remember('b', { exp: (now + 3_600_000) / 1000 });
    verified.remember('c', { exp: (now + 3_600_000) / 1000 });
    expect(verified.size).toBe(2);
    expect(verified.get('a')).toBeUndefined();
    expect(verified.get('c')).toBeDefined();
    verified.remember('expired', { exp: (now - 1) / 1000 });
    expect(verified.get('expired')).toBeUndefined();
  });
});
