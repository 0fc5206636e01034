import { EnvReader, readOutboxConfig, readPlatformConfig, type Environment, type OutboxConfig, type PlatformConfig } from '@marquee/platform';

export interface InventoryConfig {
  platform: PlatformConfig;
  /** Catalog's GraphQL URL, asked whether a product exists; the launcher's URL wins over it. */
  catalogUrl: string;
  /** How long a stock mutation waits for catalog before failing without writing. */
  catalogTimeoutMs: number;
  /** The relay that publishes stock changes (entity.changed for Product) from the outbox. */
  outbox: OutboxConfig;
}

export function readInventoryConfig(env: Environment = process.env): InventoryConfig {
  const reader = new EnvReader(env);
  const config: InventoryConfig = {
    platform: readPlatformConfig(reader),
    catalogUrl: reader.url('CATALOG_URL', 'http://localhost:4002/graphql') as string,
    catalogTimeoutMs: reader.int('CATALOG_TIMEOUT_MS', 3000, { min: 100, max: 60_000 }),
    outbox: readOutboxConfig(reader),
  };
  reader.done();
  return config;
}
