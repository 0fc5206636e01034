import type { EnvReader } from '@marquee/platform';

/** Limits and tuning of the WebSocket endpoint; every value documented in .env.example and README. */
export interface SubscriptionConfig {
  /** Open WebSocket connections per signed-in user, per router instance. */
  maxConnectionsPerUser: number;
  /** Open anonymous WebSocket connections per peer address, per router instance. */
  maxConnectionsPerAddress: number;
  /** Operations running at once on one connection. */
  maxOperationsPerConnection: number;
  /** Subscribe messages per client (user, else address) per minute, counted across replicas. */
  subscribeRatePerMinute: number;
  /** Largest message a client may send (ws maxPayload); bigger closes the socket with 1009. */
  maxMessageBytes: number;
  /** Bytes queued for one socket before the client is deemed too slow and closed with 1013. */
  maxBufferedBytes: number;
  /** Ping interval; a client that has not answered the previous ping by the next one is cut off. */
  keepAliveMs: number;
  /** How long the first event of a batch waits for others to resolve with it. */
  batchWindowMs: number;
  /** Events in one batch at most (one aliased root field each). */
  batchMaxEvents: number;
  /** Gateway operations for subscriptions in flight at once, so queries keep their share. */
  maxConcurrentResolutions: number;
  /** Batches per selection that owners' (USER scope) events are spread over, resolved side by side. */
  userBatchShards: number;
}

export function readSubscriptionConfig(reader: EnvReader): SubscriptionConfig {
  return {
    maxConnectionsPerUser: reader.int('WS_MAX_CONNECTIONS_PER_USER', 10, { min: 1 }),
    maxConnectionsPerAddress: reader.int('WS_MAX_CONNECTIONS_PER_ADDRESS', 50, { min: 1 }),
    maxOperationsPerConnection: reader.int('WS_MAX_OPERATIONS_PER_CONNECTION', 100, { min: 1 }),
    subscribeRatePerMinute: reader.int('WS_SUBSCRIBE_RATE_PER_MINUTE', 120),
    maxMessageBytes: reader.int('WS_MAX_MESSAGE_BYTES', 1024 * 1024, { min: 1024 }),
    maxBufferedBytes: reader.int('WS_MAX_BUFFERED_BYTES', 4 * 1024 * 1024, { min: 1024 }),
    keepAliveMs: reader.int('WS_KEEPALIVE_MS', 12_000, { min: 1_000 }),
    batchWindowMs: reader.int('SUBSCRIPTION_BATCH_WINDOW_MS', 10, { max: 1000 }),
    batchMaxEvents: reader.int('SUBSCRIPTION_BATCH_MAX_EVENTS', 10, { min: 1, max: 100 }),
    maxConcurrentResolutions: reader.int('SUBSCRIPTION_MAX_CONCURRENT_RESOLUTIONS', 16, { min: 1 }),
    userBatchShards: reader.int('SUBSCRIPTION_USER_BATCH_SHARDS', 8, { min: 1, max: 64 }),
  };
}
