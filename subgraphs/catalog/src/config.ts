import { EnvReader, readPlatformConfig, type Environment, type PlatformConfig } from '@marquee/platform';

export interface CatalogConfig {
  platform: PlatformConfig;
  port: number;
}

export function readCatalogConfig(env: Environment = process.env): CatalogConfig {
  const reader = new EnvReader(env);
  const config: CatalogConfig = {
    platform: readPlatformConfig(reader),
    port: reader.int('CATALOG_PORT', 4002, { max: 65535 }),
  };
  reader.done();
  return config;
}
