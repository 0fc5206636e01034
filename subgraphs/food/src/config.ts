import { EnvReader, readOutboxConfig, readPlatformConfig, type Environment, type OutboxConfig, type PlatformConfig } from '@marquee/platform';

export interface FoodConfig {
  platform: PlatformConfig;
  /** Orders one user may place per window. */
  orderRateLimit: number;
  orderRateWindowSeconds: number;
  /** Booking's GraphQL URL, asked whether a booking may go on an order; the launcher's URL wins over it. */
  bookingUrl: string;
  /** How long placeOrder waits for booking before failing without writing. */
  bookingTimeoutMs: number;
  /** The relay that publishes order events from the outbox. */
  outbox: OutboxConfig;
}

export function readFoodConfig(env: Environment = process.env): FoodConfig {
  const reader = new EnvReader(env);
  const config: FoodConfig = {
    platform: readPlatformConfig(reader),
    orderRateLimit: reader.int('FOOD_ORDER_RATE_LIMIT', 10, { min: 1 }),
    orderRateWindowSeconds: reader.int('FOOD_ORDER_RATE_WINDOW_SECONDS', 60, { min: 1 }),
    bookingUrl: reader.url('BOOKING_URL', 'http://localhost:4004/graphql') as string,
    bookingTimeoutMs: reader.int('FOOD_BOOKING_TIMEOUT_MS', 3000, { min: 100, max: 60_000 }),
    outbox: readOutboxConfig(reader),
  };
  reader.done();
  return config;
}
