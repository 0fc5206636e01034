/**
 * `npm start`: the whole supergraph on one machine with no configuration. Embedded PostgreSQL
 * (unless DATABASE_URL), migrations, demo data on first start, every subgraph, the router.
 */
import { createLogger, LOG_LEVELS, startTelemetry, stopOnSignals, type LogLevel } from '@marquee/platform';
import { DEMO_USERS } from '@marquee/auth';
import { ensureIdeAssets } from '../router/src/ide/build.js';
import { startStack } from './stack.js';
import { ensureWebApp, startWebServer } from './web-app.js';

const level = (LOG_LEVELS as readonly string[]).includes(process.env.LOG_LEVEL ?? '') ? (process.env.LOG_LEVEL as LogLevel) : 'info';
// One process runs every service here, so one trace provider: service.name defaults to marquee.
const telemetry = startTelemetry({ serviceName: 'marquee' });
const logger = createLogger(level);
// A clean clone has not run `npm run build`: bundle what the browser needs before serving it.
await ensureIdeAssets().catch((error: unknown) => logger.warn('the GraphQL IDE could not be built; GET /graphql explains how', { error }));
await ensureWebApp();
const stack = await startStack({ env: process.env, logger, seed: true }).catch((error: unknown) => {
  logger.error('Marquee could not start', { error });
  process.exit(1);
});

const webPort = Number(process.env.WEB_PORT ?? 5173);
const web = await startWebServer({ port: webPort, graphqlUrl: stack.routerUrl }).catch(async (error: unknown) => {
  logger.error('the web app could not start', { error, port: webPort });
  await stack.stop();
  process.exit(1);
});

const banner = [
  '',
  'Marquee is up.',
  `  Web app:                 ${web.url}`,
  `  GraphQL (router + IDE):  ${stack.routerUrl}`,
  `  Subscriptions:           ${stack.routerUrl.replace(/^http/, 'ws')}`,
  ...Object.entries(stack.subgraphs).map(([name, { url }]) => `  ${`${name} subgraph:`.padEnd(24)} ${url} (router only)`),
  `  Database:                ${stack.databaseServer.embedded ? 'embedded PostgreSQL under .data/postgres' : 'DATABASE_URL'}`,
  '',
  'Demo logins (development only):',
  ...DEMO_USERS.map((user) => `  ${user.role.padEnd(10)} ${user.email.padEnd(22)} ${user.password}`),
  '',
  'Ctrl-C stops everything.',
  '',
].join('\n');
process.stdout.write(banner);
stopOnSignals(logger, async () => {
  await web.close();
  await stack.stop();
  await telemetry.shutdown();
});
