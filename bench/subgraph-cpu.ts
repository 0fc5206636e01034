/**
 * `npm run bench -- subgraph-cpu`: the subgraphs' CPU per request for the side-by-side queries
 * (Q1, Q2, Q2 × users, Q3) through Marquee's router with fetch sharing and caches off, so every
 * request reaches the subgraphs. A short run for finding and checking hot spots; it prints a table and
 * writes no report. Settings: BENCH_ROUNDS (2), BENCH_SECONDS (4), BENCH_WARMUP_SECONDS (1),
 * BENCH_CONNECTIONS (8), BENCH_DISTINCT_USERS (20, 0 leaves out Q2 × users), BENCH_BUILD=false
 * (dist/ known fresh), BENCH_CPU_PROF=<subgraph> (that process runs with --cpu-prof; the profile
 * lands in BENCH_CPU_PROF_DIR, default /tmp/marquee-cpu-prof, when the cluster stops).
 */
import { startCluster } from './cluster.js';
import { addBookings, addDistinctUserData, addOrders, addProducts, addRestaurants, loginDemoUsers, registerUsers, upcomingShowings } from './fixtures.js';
import { must } from './graphql-client.js';
import { loadAverage } from './machine.js';
import { runSideBySide } from './scenarios/side-by-side.js';
import { sideBySideCases } from './side-by-side.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const profiled = process.env.BENCH_CPU_PROF;
const profileDir = process.env.BENCH_CPU_PROF_DIR ?? '/tmp/marquee-cpu-prof';
const distinctCount = setting('BENCH_DISTINCT_USERS', 20);

log(`bench subgraph-cpu: starting the cluster (load average ${loadAverage()})`);
const cluster = await startCluster({
  build: process.env.BENCH_BUILD !== 'false',
  // Every request reaches the subgraphs: no fetch sharing, no response or entity cache.
  env: { SUBGRAPH_FETCH_SHARING: 'false', RESPONSE_CACHE: 'off', ENTITY_CACHE: 'off' },
  nodeArgs: profiled ? { [profiled]: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {},
});
let exitCode = 0;
try {
  const { routerUrl } = cluster;
  const tokens = await loginDemoUsers(routerUrl);
  await addProducts(routerUrl, tokens.admin);
  await addRestaurants(routerUrl, tokens.admin);
  const [forBookings, ...otherShowings] = await upcomingShowings(routerUrl, 20, tokens.admin);
  if (!forBookings) throw new Error('the seed has no upcoming showing');
  await addBookings(routerUrl, tokens.user, forBookings);
  const { restaurants } = await must<{ restaurants: { edges: { node: { id: string; menu: { id: string; available: boolean }[] } }[] } }>(routerUrl, {
    query: '{ restaurants(first: 1) { edges { node { id menu { id available } } } } }',
  });
  const kitchen = restaurants.edges[0]?.node;
  const menuItem = kitchen?.menu.find((item) => item.available);
  if (!kitchen || !menuItem) throw new Error('no restaurant with an available menu item');
  await addOrders(routerUrl, tokens.user, kitchen.id, menuItem.id, 10);
  const distinctUsers = distinctCount > 0 ? await registerUsers(routerUrl, distinctCount) : [];
  if (distinctUsers.length > 0) {
    await addDistinctUserData(routerUrl, distinctUsers, otherShowings, { restaurantId: kitchen.id, menuItemId: menuItem.id }, { bookings: 4, orders: 3 });
  }
  const cases = sideBySideCases(tokens.user, distinctUsers).filter((queryCase) => distinctUsers.length > 0 || !queryCase.name.startsWith('Q2 ×'));
  const router = cluster.processes.find((process) => process.name === 'router');
  const before = loadAverage();
  const run = await runSideBySide({
    gateways: [{ name: 'Marquee, sharing off', url: routerUrl, pid: router?.pid ?? 0 }],
    cases,
    subgraphs: cluster.processes.filter((process) => process.name !== 'router'),
    statements: cluster.statements,
    rounds: setting('BENCH_ROUNDS', 2),
    connections: setting('BENCH_CONNECTIONS', 8),
    durationMs: setting('BENCH_SECONDS', 4) * 1000,
    warmupMs: setting('BENCH_WARMUP_SECONDS', 1) * 1000,
    log,
  });
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const lines = ['| query | req/s | subgraph CPU ms/req | by subgraph | SQL/req |', '| --- | --- | --- | --- | --- |'];
  for (const queryCase of cases) {
    const cells = run.cells.filter((cell) => cell.query === queryCase.name);
    const names = Object.keys(cells[0]?.subgraphCpuMsBy ?? {});
    const by = names
      .map((name) => [name, median(cells.map((cell) => cell.subgraphCpuMsBy[name] ?? 0))] as const)
      .filter(([, value]) => value >= 0.05)
      .map(([name, value]) => `${name} ${value.toFixed(1)}`)
      .join(', ');
    lines.push(
      `| ${queryCase.name} | ${median(cells.map((cell) => cell.load.requestsPerSecond)).toFixed(0)} | ${median(cells.map((cell) => cell.subgraphCpuMs)).toFixed(2)} | ${by} | ${median(cells.map((cell) => cell.sqlPerRequest)).toFixed(2)} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\nload average ${before} before, ${loadAverage()} after\n`);
} catch (error) {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  await cluster.stop();
}
if (profiled) log(`bench: the ${profiled} profile is in ${profileDir}`);
process.exit(exitCode);
