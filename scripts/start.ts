/**
 * `npm start`: the whole supergraph on one machine with no configuration. Embedded PostgreSQL
 * (unless DATABASE_URL), migrations, demo data on first start, every subgraph, the router.
 */
import { createLogger, LOG_LEVELS, stopOnSignals, type LogLevel } from '@marquee/platform';
import { DEMO_USERS } from '@marquee/auth';
import { startStack } from './stack.js';

const level = (LOG_LEVELS as readonly string[]).includes(process.env.LOG_LEVEL ?? '') ? (process.env.LOG_LEVEL as LogLevel) : 'info';
const logger = createLogger(level);
const stack = await startStack({ env: process.env, logger, seed: true }).catch((error: unknown) => {
  logger.error('Marquee could not start', { error });
  process.exit(1);
});

const banner = [
  '',
  'Marquee is up.',
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
stopOnSignals(logger, () => stack.stop());
