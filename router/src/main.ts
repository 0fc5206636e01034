import { createLogger, stopOnSignals } from '@marquee/platform';
import { createRouter, readRouterConfig } from './index.js';

/** Runs the router on its own (Docker, or one process per service). */
const config = readRouterConfig();
const logger = createLogger(config.platform.logLevel, { service: 'router' });
const router = await createRouter(config, { logger, routerSecret: config.platform.routerSecret ?? '' });
await router.http.listen(config.port);
stopOnSignals(logger, () => router.stop());
