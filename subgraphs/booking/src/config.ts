import { EnvReader, readPlatformConfig, type Environment, type PlatformConfig } from '@marquee/platform';

export interface BookingConfig {
  platform: PlatformConfig;
}

export function readBookingConfig(env: Environment = process.env): BookingConfig {
  const reader = new EnvReader(env);
  const config: BookingConfig = {
    platform: readPlatformConfig(reader),
  };
  reader.done();
  return config;
}
