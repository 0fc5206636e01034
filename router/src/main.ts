import { createLogger, exitOnConfigError, startTelemetry, stopOnSignals } from '@marquee/platform';
import { createRouter, readRouterConfig, type RouterConfig } from './index.js';

/** Runs the router on its own (Docker, or one process per service). */
const telemetry = startTelemetry({ serviceName: 'router' });
let config: RouterConfig;
try {
  config = readRouterConfig();
} catch (error) {
  exitOnConfigError('router', error);
}
const logger = createLogger(config.platform.logLevel, { service: 'router' });
const router = await createRouter(config, { logger, routerSecret: config.platform.routerSecret ?? '' });
// Handlers first, so a signal that arrives while binding still stops the router cleanly.
stopOnSignals(logger, async () => {
  await router.stop();
  await telemetry.shutdown();
});
await router.http.listen(config.port, config.host);
