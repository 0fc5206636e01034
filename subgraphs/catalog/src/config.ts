import { EnvReader, readOutboxConfig, readPlatformConfig, type Environment, type OutboxConfig, type PlatformConfig } from '@marquee/platform';

export interface CatalogConfig {
  platform: PlatformConfig;
  /** The relay that publishes product and category changes from the outbox. */
  outbox: OutboxConfig;
}

export function readCatalogConfig(env: Environment = process.env): CatalogConfig {
  const reader = new EnvReader(env);
  const config: CatalogConfig = {
    platform: readPlatformConfig(reader),
    outbox: readOutboxConfig(reader),
  };
  reader.done();
  return config;
}
