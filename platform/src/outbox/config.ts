import type { EnvReader } from '../config.js';

/** How a subgraph's outbox relay runs: OUTBOX_* in .env.example. */
export interface OutboxConfig {
  /** Off: this instance writes events but leaves publishing to other instances of the subgraph. */
  relayEnabled: boolean;
  /** The fallback when no commit in this process woke the relay (rows of a crashed instance, a lost wake-up). */
  pollIntervalMs: number;
  /** Rows read and published per round. */
  batchSize: number;
  /** The longest wait between two attempts while the bus is down (the wait doubles from 100 ms up to this). */
  retryMaxMs: number;
  /** How long published rows are kept before they are deleted. */
  retentionMs: number;
}

export function readOutboxConfig(reader: EnvReader): OutboxConfig {
  return {
    relayEnabled: reader.oneOf('OUTBOX_RELAY', ['on', 'off'], 'on') === 'on',
    pollIntervalMs: reader.int('OUTBOX_POLL_INTERVAL_MS', 1000, { min: 10, max: 60_000 }),
    batchSize: reader.int('OUTBOX_BATCH_SIZE', 200, { min: 1, max: 10_000 }),
    retryMaxMs: reader.int('OUTBOX_RETRY_MAX_MS', 10_000, { min: 100, max: 300_000 }),
    retentionMs: reader.int('OUTBOX_RETENTION_HOURS', 24, { min: 1, max: 24 * 365 }) * 3_600_000,
  };
}
