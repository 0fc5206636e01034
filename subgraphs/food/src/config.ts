import { EnvReader, readPlatformConfig, type Environment, type PlatformConfig } from '@marquee/platform';

export interface FoodConfig {
  platform: PlatformConfig;
  port: number;
  /** Orders one user may place per window. */
  orderRateLimit: number;
  orderRateWindowSeconds: number;
}

export function readFoodConfig(env: Environment = process.env): FoodConfig {
  const reader = new EnvReader(env);
  const config: FoodConfig = {
    platform: readPlatformConfig(reader),
    port: reader.int('FOOD_PORT', 4005, { max: 65535 }),
    orderRateLimit: reader.int('FOOD_ORDER_RATE_LIMIT', 10, { min: 1 }),
    orderRateWindowSeconds: reader.int('FOOD_ORDER_RATE_WINDOW_SECONDS', 60, { min: 1 }),
  };
  reader.done();
  return config;
}
