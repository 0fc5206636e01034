import { createServer, type Server, type Socket } from 'node:net';
import { connectRedis, createLogger, MemoryEventBus, MemoryKeyValueStore, RedisKeyValueStore, TokenRevocations, TOKENS_REVOKED_CHANNEL } from '@marquee/platform';

/**
 * The verifiers' revocation list: events feed an in-memory map; a user the map does not know is
 * read from the store once; a store that does not answer never holds a request.
 */
const logger = createLogger('silent');
const USER = '00000000-0000-4000-8000-00000000000a';

it('learns revocations from the bus and remembers what the store says', async () => {
  const events = new MemoryEventBus();
  const kv = new MemoryKeyValueStore();
  const verifier = new TokenRevocations({ kv, events, logger });
  const auth = new TokenRevocations({ kv, events, logger });
  await verifier.start();
  try {
    expect(await verifier.isRevoked(USER, 100)).toBe(false);
    const notBefore = await auth.revoke(USER, 900);
    expect(notBefore).toBeGreaterThan(Math.floor(Date.now() / 1000) - 1);
    // The verifier had remembered "none" for this user: only the event can tell it otherwise.
    await new Promise((resolve) => setImmediate(resolve));
    expect(await verifier.isRevoked(USER, notBefore - 1)).toBe(true);
    expect(await verifier.isRevoked(USER, notBefore)).toBe(false);
    // A verifier that started after the event reads the store.
    const late = new TokenRevocations({ kv, events, logger });
    expect(await late.isRevoked(USER, notBefore - 1)).toBe(true);
    // A second revocation in the same second still moves past tokens issued at the first one's not-before.
    expect(await auth.revoke(USER, 900)).toBeGreaterThan(notBefore);
  } finally {
    await verifier.stop();
  }
});

describe('with a Redis that accepts connections and never answers', () => {
  let blackHole: Server;
  const sockets: Socket[] = [];
  let port: number;
  beforeAll(async () => {
    blackHole = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    port = (blackHole.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => blackHole.close(resolve));
  });

  it('answers from what it knows instead of hanging, and still applies the events it hears', async () => {
    const redis = connectRedis(`redis://127.0.0.1:${port}`);
    const kv = new RedisKeyValueStore(redis, 'hang-test:');
    const events = new MemoryEventBus();
    const revocations = new TokenRevocations({ kv, events, logger, lookupTimeoutMs: 200 });
    await revocations.start();
    try {
      // Would never settle if the read were awaited as is; jest's timeout would fail the test.
      expect(await revocations.isRevoked(USER, 100)).toBe(false);
      await events.publish(TOKENS_REVOKED_CHANNEL, JSON.stringify({ userId: USER, notBefore: 200 }));
      await new Promise((resolve) => setImmediate(resolve));
      expect(await revocations.isRevoked(USER, 199)).toBe(true);
      expect(await revocations.isRevoked(USER, 200)).toBe(false);
    } finally {
      await revocations.stop();
      const ended = new Promise((resolve) => redis.once('end', resolve));
      redis.disconnect();
      await ended;
    }
  }, 10_000);
});
