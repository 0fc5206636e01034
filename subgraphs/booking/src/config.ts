import { EnvReader, readPlatformConfig, type Environment, type PlatformConfig } from '@marquee/platform';

export interface BookingConfig {
  platform: PlatformConfig;
  port: number;
}

export function readBookingConfig(env: Environment = process.env): BookingConfig {
  const reader = new EnvReader(env);
  const config: BookingConfig = {
    platform: readPlatformConfig(reader),
    port: reader.int('BOOKING_PORT', 4004, { max: 65535 }),
  };
  reader.done();
  return config;
}
