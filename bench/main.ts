/**
 * `npm run bench`: boots the whole supergraph in this process, measures query throughput and
 * latency, SQL statements per request, subscription fan-out and booking contention, then writes
 * bench/REPORT.md (overwritten each run) and prints it.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startBenchEnvironment } from './environment.js';
import { addBookings, addProducts, addRestaurants, loginDemoUsers, registerUsers, upcomingShowings } from './fixtures.js';
import { must } from './graphql-client.js';
import { loadAverage, machineFacts } from './machine.js';
import { renderReport } from './report.js';
import { readResults } from './reading.js';
import { runContention } from './scenarios/contention.js';
import { runFanout } from './scenarios/fanout.js';
import { queryCases, runQueryThroughput } from './scenarios/queries.js';
import { countStatements } from './scenarios/statements.js';
import { elapsedMs } from './stats.js';

const CONTENDERS = 100;
const REPORT_PATH = fileURLToPath(new URL('./REPORT.md', import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

const started = performance.now();
log('bench: starting the supergraph');
const environment = await startBenchEnvironment();
let exitCode = 0;
try {
  const { routerUrl } = environment.stack;
  log('bench: preparing data');
  const tokens = await loginDemoUsers(routerUrl);
  await addProducts(routerUrl, tokens.admin);
  await addRestaurants(routerUrl, tokens.admin);
  const [forBookings, forContention] = await upcomingShowings(routerUrl, 2);
  if (!forBookings || !forContention) throw new Error('the seed has fewer than two upcoming showings');
  await addBookings(routerUrl, tokens.user, forBookings);
  const contenders = await registerUsers(routerUrl, CONTENDERS);
  const { restaurants } = await must<{ restaurants: { edges: { node: { id: string; menu: { id: string; available: boolean }[] } }[] } }>(routerUrl, {
    query: '{ restaurants(first: 1) { edges { node { id menu { id available } } } } }',
  });
  const kitchen = restaurants.edges[0]?.node;
  const menuItem = kitchen?.menu.find((item) => item.available);
  if (!kitchen || !menuItem) throw new Error('no restaurant with an available menu item');
  const machine = await machineFacts(environment);
  const setupMs = elapsedMs(started);
  log(`bench: set-up took ${(setupMs / 1000).toFixed(1)} s`);

  log('bench: SQL statements per request');
  const statements = await countStatements(routerUrl, environment.statements, tokens.user);
  log('bench: query throughput');
  const cases = queryCases(tokens.user);
  const queries = await runQueryThroughput(routerUrl, cases, log);
  log('bench: subscription fan-out');
  const fanout = await runFanout(
    { routerUrl, staffToken: tokens.staff, customerToken: tokens.user, restaurantId: kitchen.id, menuItemId: menuItem.id, liveSubscriptions: () => environment.stack.events.listenerCount() },
    log,
  );
  log('bench: booking contention');
  const seatId = forContention.seatIds[0];
  if (!seatId) throw new Error('the contention showing has no seats');
  const contention = await runContention(routerUrl, contenders, forContention.showingId, seatId);

  const report = renderReport({
    machine,
    loadAverageAtEnd: loadAverage(),
    setupMs,
    totalMs: elapsedMs(started),
    queryCases: cases,
    queries,
    statements,
    fanout,
    contention,
    reading: readResults(queries, statements, fanout, contention),
  });
  await writeFile(REPORT_PATH, report);
  process.stdout.write(report);
  log(`bench: wrote ${REPORT_PATH}`);
} catch (error) {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  await environment.stop();
}
process.exit(exitCode);
