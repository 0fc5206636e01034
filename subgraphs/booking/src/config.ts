import { EnvReader, readOutboxConfig, readPlatformConfig, type Environment, type OutboxConfig, type PlatformConfig } from '@marquee/platform';

export interface BookingConfig {
  platform: PlatformConfig;
  /** The relay that publishes seat events from the outbox. */
  outbox: OutboxConfig;
}

export function readBookingConfig(env: Environment = process.env): BookingConfig {
  const reader = new EnvReader(env);
  const config: BookingConfig = {
    platform: readPlatformConfig(reader),
    outbox: readOutboxConfig(reader),
  };
  reader.done();
  return config;
}
