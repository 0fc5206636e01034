import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type CryptoKey,
  type JWK,
} from 'jose';
import type { Logger } from '@marquee/platform';

export const SIGNING_ALGORITHM = 'EdDSA';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** The public half as published in the JWKS. */
  publicJwk: JWK;
}

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const { d: _private, ...publicPart } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicPart));
  const privateKey = (await importJWK({ ...jwk, alg: SIGNING_ALGORITHM }, SIGNING_ALGORITHM)) as CryptoKey;
  const { kty, crv, x } = publicPart;
  return { kid, privateKey, publicJwk: { kty, crv, x, kid, alg: SIGNING_ALGORITHM, use: 'sig' } };
}

/** Reads AUTH_SIGNING_KEY as a private JWK (JSON) or a PKCS#8 PEM. */
export async function parseSigningKey(text: string): Promise<SigningKey> {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    const key = await importPKCS8(trimmed, SIGNING_ALGORITHM, { extractable: true });
    return fromPrivateJwk(await exportJWK(key));
  }
  return fromPrivateJwk(JSON.parse(trimmed) as JWK);
}

/**
 * The configured key; outside production without one, a generated Ed25519 key kept under
 * `<dataDir>/auth-signing-key.json` so tokens survive restarts.
 */
export async function loadSigningKey(configured: string | undefined, dataDir: string, logger: Logger): Promise<SigningKey> {
  if (configured) return parseSigningKey(configured);
  const file = path.resolve(dataDir, 'auth-signing-key.json');
  if (existsSync(file)) return parseSigningKey(await readFile(file, 'utf8'));
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(jwk), { mode: 0o600 });
  logger.warn('generated a development signing key; set AUTH_SIGNING_KEY in production', { file });
  return parseSigningKey(JSON.stringify(jwk));
}
