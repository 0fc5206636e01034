import { EnvReader, readPlatformConfig, type Environment, type PlatformConfig } from '@marquee/platform';

export interface CatalogConfig {
  platform: PlatformConfig;
}

export function readCatalogConfig(env: Environment = process.env): CatalogConfig {
  const reader = new EnvReader(env);
  const config: CatalogConfig = {
    platform: readPlatformConfig(reader),
  };
  reader.done();
  return config;
}
