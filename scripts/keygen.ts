/** `npm run -s keygen`: prints a new Ed25519 private JWK for AUTH_SIGNING_KEY. Keep it secret. */
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
const jwk = await exportJWK(privateKey);
const { d: _private, ...publicPart } = jwk;
console.log(JSON.stringify({ ...jwk, kid: await calculateJwkThumbprint(publicPart) }));
