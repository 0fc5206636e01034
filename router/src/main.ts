import { createLogger, stopOnSignals } from '@marquee/platform';
import { createRouter, readRouterConfig } from './index.js';

/** Runs the router on its own (Docker, or one process per service). */
const config = readRouterConfig();
const logger = createLogger(config.platform.logLevel, { service: 'router' });
const router = await createRouter(config, { logger, routerSecret: config.platform.routerSecret ?? '' });
// Handlers first, so a signal that arrives while binding still stops the router cleanly.
stopOnSignals(logger, () => router.stop());
await router.http.listen(config.port);
