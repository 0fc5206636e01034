import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, importJWK, SignJWT, type JWK } from 'jose';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { EventBus } from '@marquee/platform';
import type { TestStack } from './stack.js';

type Result<T> = FormattedExecutionResult<T, unknown>;

/** A real graphql-ws client of the router, signed in with `token` when given. */
export function connect(stack: Pick<TestStack, 'routerUrl'>, token?: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: stack.routerUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: connectionParams ?? (token ? { authorization: `Bearer ${token}` } : {}),
    retryAttempts: 0,
    lazy: true,
  });
}

export type Outcome = { kind: 'complete' } | { kind: 'error'; error: unknown };

export interface TestSubscription<T> {
  /** The next result, waiting for it if none has arrived yet. */
  next(): Promise<Result<T>>;
  /** Settles when the server ends the subscription (complete or error). */
  ended: Promise<Outcome>;
  received: Result<T>[];
  unsubscribe(): void;
}

export function subscribe<T = Record<string, unknown>>(client: Client, query: string, variables: Record<string, unknown> = {}): TestSubscription<T> {
  const received: Result<T>[] = [];
  const waiters: ((result: Result<T>) => void)[] = [];
  let taken = 0;
  let settle: (outcome: Outcome) => void = () => {};
  const ended = new Promise<Outcome>((resolve) => (settle = resolve));
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        received.push(result);
        waiters.shift()?.(result);
      },
      error: (error) => settle({ kind: 'error', error }),
      complete: () => settle({ kind: 'complete' }),
    },
  );
  return {
    received,
    ended,
    unsubscribe,
    next() {
      const index = taken++;
      if (received[index]) return Promise.resolve(received[index]);
      return new Promise((resolve, reject) => {
        waiters.push(resolve);
        void ended.then((outcome) => reject(new Error(`subscription ended before result ${index}: ${JSON.stringify(outcome)}`)));
      });
    },
  };
}

/** Waits (polling, no fixed delay) until `condition` holds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The router listens on `channel` at least `count` times: a subscription is live. */
export const listening = (events: EventBus, channel: string, count = 1) =>
  waitUntil(() => events.listenerCount(channel) >= count, `${count} listener(s) on ${channel}`);

/** The code of the first GraphQL error that ended a subscription. */
export function errorCode(outcome: Outcome): unknown {
  if (outcome.kind !== 'error' || !Array.isArray(outcome.error)) return undefined;
  return (outcome.error as { extensions?: { code?: unknown } }[])[0]?.extensions?.code;
}

/** The close code when the socket itself was closed. */
export function closeCode(outcome: Outcome): unknown {
  return outcome.kind === 'error' && typeof outcome.error === 'object' && outcome.error !== null && 'code' in outcome.error
    ? (outcome.error as { code: unknown }).code
    : undefined;
}

/** An access token signed in the test with the stack's auth key, expiring in `seconds`. */
export async function signShortLivedToken(stack: TestStack, user: { id: string; role: string }, seconds: number): Promise<string> {
  const jwk = JSON.parse(await readFile(path.join(String(stack.env.DATA_DIR), 'auth-signing-key.json'), 'utf8')) as JWK;
  const { d: _private, ...publicJwk } = jwk;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: user.role })
    .setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid ?? (await calculateJwkThumbprint(publicJwk)), typ: 'at+jwt' })
    .setSubject(user.id)
    .setIssuer(String(stack.env.JWT_ISSUER ?? 'marquee-auth'))
    .setAudience(String(stack.env.JWT_AUDIENCE ?? 'marquee'))
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + seconds)
    .sign(await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA'));
}
