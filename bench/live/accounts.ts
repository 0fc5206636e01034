/**
 * Accounts for thousands of simulated users. Their access tokens are signed with a key the
 * cluster's auth service is started with (AUTH_SIGNING_KEY), so no one logs in 10,000 times. Where
 * a payload shows the user (an order's `user { name }`), the users must also exist in auth's
 * database: they are inserted there in one statement, because registering 9,000 users through the
 * API would hash 9,000 passwords before the run starts.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { Cluster } from '../cluster.js';

export interface Account {
  id: string;
  token: string;
}

const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
const jwk: JWK = await exportJWK(privateKey);
const { d: _private, ...publicJwk } = jwk;
jwk.kid = await calculateJwkThumbprint(publicJwk);
const signingKey = await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA');

/** The key to start the cluster's auth with (AUTH_SIGNING_KEY): the router then accepts signToken's tokens. */
export const AUTH_SIGNING_KEY = JSON.stringify(jwk);

/** An hour's access token for user `id` with `role`, as auth would issue it. */
export async function signToken(role: string, id = randomUUID()): Promise<Account> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ role })
    .setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid!, typ: 'at+jwt' })
    .setSubject(id)
    .setIssuer('marquee-auth')
    .setAudience('marquee')
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(signingKey);
  return { id, token };
}

/** `count` users with `role` that exist in auth (named "Bench <role> <n>"; they cannot log in), with tokens. */
export async function registeredAccounts(cluster: Cluster, role: string, count: number): Promise<Account[]> {
  const accounts = await Promise.all(Array.from({ length: count }, () => signToken(role)));
  const url = new URL(cluster.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${cluster.env.DATABASE_NAME_PREFIX}_auth`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const ids = accounts.map(({ id }) => id);
    await client.query(
      // '!' is no password hash: nobody can sign in as these users.
      `insert into users (id, email, name, password_hash, role)
       select id, 'bench-' || id || '@bench.invalid', 'Bench ' || lower($2) || ' ' || n, '!', $2
       from unnest($1::uuid[]) with ordinality as t(id, n)`,
      [ids, role],
    );
  } finally {
    await client.end();
  }
  return accounts;
}
