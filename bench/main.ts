/**
 * `npm run bench`: boots the compiled supergraph as separate processes (bench/cluster.ts),
 * measures query throughput and latency, SQL statements per request, subscription fan-out and
 * booking contention, then writes its sections of bench/REPORT.md and prints them.
 */
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startCluster } from './cluster.js';
import { addBookings, addDistinctUserData, addOrders, addProducts, addRestaurants, loginDemoUsers, registerUsers, upcomingShowings } from './fixtures.js';
import { must } from './graphql-client.js';
import { loadAverage, machineFacts } from './machine.js';
import { renderReport } from './report.js';
import { writeReportSections } from './report-file.js';
import { readResults } from './reading.js';
import { runContention } from './scenarios/contention.js';
import { runFanout, waitUntil } from './scenarios/fanout.js';
import { queryCases, runQueryThroughput } from './scenarios/queries.js';
import { countStatements } from './scenarios/statements.js';
import { renderSideBySide } from './side-by-side-report.js';
import { gatewayVariants, measureSideBySide, sideBySideCases } from './side-by-side.js';
import { elapsedMs } from './stats.js';

// `npm run bench -- subscriptions`: the live-updates benchmark instead (it exits when done).
if (process.argv.slice(2).includes('subscriptions')) await import('./live/main.js');
// `npm run bench -- subgraph-cpu`: only the subgraphs' CPU per request, a short run (it exits when done).
if (process.argv.slice(2).includes('subgraph-cpu')) await import('./subgraph-cpu.js');
// `npm run bench -- telemetry`: router CPU per request with tracing unset, set to a collector that is down, and up.
if (process.argv.slice(2).includes('telemetry')) await import('./telemetry-cost.js');

const CONTENDERS = 100;
const DISTINCT_USERS = 50;
/** BENCH_SCENARIOS=side-by-side or =main (throughput, SQL counts, fan-out, contention); default both. */
const scenarios = new Set((process.env.BENCH_SCENARIOS ?? 'side-by-side,main').split(',').map((name) => name.trim()));
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const REPORT_PATH = fileURLToPath(new URL('./REPORT.md', import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

const started = performance.now();
log('bench: building and starting the supergraph (one process per service)');
// The fan-out opens up to 200 screens with one staff token from one address: above the router's
// per-user connection limit and subscribe rate, which protect it from exactly that.
const cluster = await startCluster({ env: { WS_MAX_CONNECTIONS_PER_USER: '1000', WS_MAX_CONNECTIONS_PER_ADDRESS: '1000', WS_SUBSCRIBE_RATE_PER_MINUTE: '0' } });
const redis = new Redis(cluster.env.REDIS_URL ?? '', { maxRetriesPerRequest: 1 });
let exitCode = 0;
try {
  const { routerUrl } = cluster;
  log('bench: preparing data');
  const tokens = await loginDemoUsers(routerUrl);
  await addProducts(routerUrl, tokens.admin);
  await addRestaurants(routerUrl, tokens.admin);
  const [forBookings, forContention, ...otherShowings] = await upcomingShowings(routerUrl, 20, tokens.admin);
  if (!forBookings || !forContention) throw new Error('the seed has fewer than two upcoming showings');
  await addBookings(routerUrl, tokens.user, forBookings);
  const contenders = await registerUsers(routerUrl, CONTENDERS);
  const { restaurants } = await must<{ restaurants: { edges: { node: { id: string; menu: { id: string; available: boolean }[] } }[] } }>(routerUrl, {
    query: '{ restaurants(first: 1) { edges { node { id menu { id available } } } } }',
  });
  const kitchen = restaurants.edges[0]?.node;
  const menuItem = kitchen?.menu.find((item) => item.available);
  if (!kitchen || !menuItem) throw new Error('no restaurant with an available menu item');
  await addOrders(routerUrl, tokens.user, kitchen.id, menuItem.id, 10);
  const distinctUsers = contenders.slice(0, DISTINCT_USERS);
  await addDistinctUserData(routerUrl, distinctUsers, otherShowings, { restaurantId: kitchen.id, menuItemId: menuItem.id }, { bookings: 4, orders: 3 });
  const machine = await machineFacts({
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    postgresMode: 'machine server (DATABASE_URL or 127.0.0.1:5432), databases marquee_bench_<random>_*',
    redisMode: 'machine Redis (REDIS_URL or 127.0.0.1:6379), keys marquee-bench:<random>:*',
  });
  const setupMs = elapsedMs(started);
  log(`bench: set-up took ${(setupMs / 1000).toFixed(1)} s`);

  const sections: Record<string, string> = {};
  if (scenarios.has('side-by-side')) {
    log('bench: side by side with the peer gateways');
    const cases = sideBySideCases(tokens.user, distinctUsers);
    const variants = gatewayVariants([
      { name: 'Marquee', description: "Marquee's router with its shipped defaults (response and entity caches and in-flight sharing of identical query executions and fetches on)", env: {} },
      {
        name: 'Marquee, sharing off',
        description: 'the same router with SUBGRAPH_FETCH_SHARING=false, RESPONSE_CACHE=off and ENTITY_CACHE=off: the same work per request as the peers with deduplication off',
        env: { SUBGRAPH_FETCH_SHARING: 'false', RESPONSE_CACHE: 'off', ENTITY_CACHE: 'off' },
      },
    ]);
    const run = await measureSideBySide(
      cluster,
      variants,
      cases,
      {
        rounds: setting('BENCH_ROUNDS', 3),
        connections: setting('BENCH_CONNECTIONS', 16),
        durationMs: setting('BENCH_SECONDS', 5) * 1000,
        warmupMs: setting('BENCH_WARMUP_SECONDS', 1) * 1000,
        directQ3: true,
      },
      log,
    );
    sections['side-by-side'] = renderSideBySide({
      result: run.result,
      cases,
      gateways: run.gateways,
      ratios: [
        { title: 'shipped defaults, Marquee requests/s ÷ peer requests/s', ours: 'Marquee', peers: ['Hive JS, defaults', 'Hive Rust, defaults', 'plain Apollo'] },
        { title: 'the same work (sharing off), Marquee requests/s ÷ peer requests/s', ours: 'Marquee, sharing off', peers: ['Hive JS', 'Hive Rust', 'plain Apollo'] },
        { title: 'Q3 through Marquee (sharing off) ÷ straight to the food subgraph', ours: 'Marquee, sharing off', peers: ['food subgraph directly'] },
      ],
      machine: `Machine: ${machine.cpus}, Node.js ${machine.node}, load average ${machine.loadAverage} before, ${loadAverage()} after; commit ${machine.commit}, ${machine.date}.`,
    });
    process.stdout.write(sections['side-by-side']);
  }
  if (scenarios.has('main')) {
    log('bench: SQL statements per request');
    if (!cluster.statements) throw new Error('the cluster counts no statements');
    const statements = await countStatements(routerUrl, cluster.statements, tokens.user);
    log('bench: query throughput');
    const cases = queryCases(tokens.user);
    const queries = await runQueryThroughput(routerUrl, cases, log);
    log('bench: subscription fan-out');
    const fanout = await runFanout(
      {
        routerUrl,
        staffToken: tokens.staff,
        customerToken: tokens.user,
        restaurantId: kitchen.id,
        menuItemId: menuItem.id,
        // The router unsubscribes from the restaurant's channel when its last subscription ends.
        noLiveSubscriptions: () =>
          waitUntil(async () => {
            const [, count] = (await redis.pubsub('NUMSUB', `${cluster.env.REDIS_KEY_PREFIX}food:restaurant:${kitchen.id}:orders`)) as [string, number];
            return Number(count) === 0;
          }, 'earlier subscriptions to end').catch(() => {
            log('  (earlier subscriptions still open; going on)');
          }),
      },
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
    await writeReportSections(REPORT_PATH, { main: report, ...sections });
    process.stdout.write(report);
    log(`bench: wrote ${REPORT_PATH}`);
  } else {
    await writeReportSections(REPORT_PATH, sections);
    log(`bench: wrote ${REPORT_PATH}`);
  }
} catch (error) {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  redis.disconnect();
  await cluster.stop();
}
process.exit(exitCode);
