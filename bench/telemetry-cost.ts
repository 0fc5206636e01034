/**
 * `npm run bench -- telemetry`: what tracing costs the router. Three router processes over the
 * same subgraph processes (bench/cluster.ts), each loaded in turn with the same queries:
 * - OTEL_* unset (the default: no tracer provider, nothing recorded);
 * - OTEL_EXPORTER_OTLP_ENDPOINT pointing at a port nobody listens on (a collector that is down);
 * - the same pointing at a sink in this process that accepts every export (a collector that is up);
 * - the same with 10 % of traces sampled (OTEL_TRACES_SAMPLER=parentbased_traceidratio).
 * Router CPU milliseconds per request come from /proc (utime + stime) over each measured interval.
 * Only the router traces here; the subgraphs run as configured by default. Writes the
 * `telemetry` section of bench/REPORT.md.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort, startCluster, startUsage, type StartedService } from './cluster.js';
import { loginDemoUsers } from './fixtures.js';
import { timedLoad, type LoadRequest } from './http-load.js';
import { loadAverage } from './machine.js';
import { MY_BOOKINGS, PRODUCTS } from './operations.js';
import { writeReportSections } from './report-file.js';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROUNDS = setting('BENCH_ROUNDS', 3);
const SECONDS = setting('BENCH_SECONDS', 4);
// Long enough for each router's JIT to settle: the first round is not a cold start.
const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', 3);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 8);
const REPORT_PATH = fileURLToPath(new URL('./REPORT.md', import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

/** An OTLP/HTTP endpoint that accepts and discards every export, counting the bytes it got. */
async function startSink(): Promise<{ url: string; bytes: () => number; server: Server }> {
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bytes: () => bytes, server };
}

interface Measured {
  variant: string;
  query: string;
  requests: number;
  requestsPerSecond: number;
  cpuMsPerRequest: number;
  errors: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

// BENCH_BUILD=false skips `npm run build` when dist/ is known fresh (a second run).
const cluster = await startCluster({ router: false, countStatements: false, build: process.env.BENCH_BUILD !== 'false' });
const sink = await startSink();
const routers: StartedService[] = [];
let exitCode = 0;
try {
  const downPort = await freePort();
  const variants = [
    { name: 'OTEL_* unset', env: {} },
    { name: 'OTLP endpoint down', env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${downPort}`, OTEL_SERVICE_NAME: 'router' } },
    { name: 'OTLP endpoint up (sink)', env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_SERVICE_NAME: 'router' } },
    {
      name: 'up, 10 % sampled',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_SERVICE_NAME: 'router', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
    },
  ];
  // Tracing's cost is per routed request: the caches would answer repeats without routing them.
  const uncached = { RESPONSE_CACHE: 'off', ENTITY_CACHE: 'off' };
  for (const variant of variants) routers.push(await cluster.startRouter(variant.name, { ...uncached, ...variant.env }));
  const tokens = await loginDemoUsers(`${routers[0]!.baseUrl}/graphql`);
  const request = (query: string, variables: Record<string, unknown>, token?: string): LoadRequest => ({
    body: JSON.stringify({ query, variables }),
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const cases = [
    { name: 'Q1 products(first: 50), anonymous', request: request(PRODUCTS, { first: 50 }) },
    { name: 'Q2 me { bookings(first: 20) … }, signed in', request: request(MY_BOOKINGS, { first: 20 }, tokens.user) },
  ];
  const loadBefore = loadAverage();
  const cells: Measured[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const queryCase of cases) {
      for (const [index, router] of routers.entries()) {
        let usage: ReturnType<typeof startUsage> | undefined;
        const load = await timedLoad(
          `${router.baseUrl}/graphql`,
          { connections: CONNECTIONS, durationMs: SECONDS * 1000, warmupMs: WARMUP_SECONDS * 1000, pick: () => queryCase.request },
          () => (usage = startUsage([router])),
        );
        const cpuMs = usage?.finish().cpuMs[router.name] ?? Number.NaN;
        const cell = { variant: variants[index]!.name, query: queryCase.name, requests: load.requests, requestsPerSecond: load.requestsPerSecond, cpuMsPerRequest: cpuMs / load.requests, errors: load.errors };
        cells.push(cell);
        log(`round ${round} ${cell.query} | ${cell.variant}: ${cell.requestsPerSecond.toFixed(0)} req/s, ${cell.cpuMsPerRequest.toFixed(3)} router CPU ms/request, ${cell.errors} errors${load.firstError ? ` (${load.firstError})` : ''}`);
      }
    }
  }
  const rows = cases.flatMap((queryCase) => {
    const base = median(cells.filter((cell) => cell.query === queryCase.name && cell.variant === variants[0]!.name).map((cell) => cell.cpuMsPerRequest));
    return variants.map((variant) => {
      const mine = cells.filter((cell) => cell.query === queryCase.name && cell.variant === variant.name);
      const cpu = median(mine.map((cell) => cell.cpuMsPerRequest));
      const change = variant === variants[0] ? '' : `${cpu >= base ? '+' : ''}${(((cpu - base) / base) * 100).toFixed(0)} %`;
      const rounds = mine.map((cell) => cell.cpuMsPerRequest.toFixed(2)).join(' / ');
      return `| ${queryCase.name} | ${variant.name} | ${median(mine.map((cell) => cell.requestsPerSecond)).toFixed(0)} | ${cpu.toFixed(3)} | ${rounds} | ${change} | ${mine.reduce((sum, cell) => sum + cell.errors, 0)} |`;
    });
  });
  const section = [
    '## Telemetry cost (`npm run bench -- telemetry`)',
    '',
    `Run ${new Date().toISOString().slice(0, 10)}: ${variants.length} router processes over the same subgraph processes, loaded in turn (${ROUNDS} interleaved rounds of ${WARMUP_SECONDS} s warm-up + ${SECONDS} s, ${CONNECTIONS} connections, closed loop); medians over rounds. Router CPU from /proc. Only the router traces; the subgraphs run with OTEL_* unset. Load average before: ${loadBefore}; after: ${loadAverage()} (2 cores shared with other work: compare within this table only).`,
    '',
    '| query | router | requests/s | router CPU ms / request | each round | CPU vs unset | errors |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `With OTEL_* unset there is no tracer provider: \`@apollo/gateway\`'s spans and Marquee's own are no-ops and nothing is exported. With an endpoint set, every request records its spans (router request, gateway plan and fetches, undici client spans) and the batch processor exports them (the sink received ${(sink.bytes() / 1e6).toFixed(1)} MB); when the collector is down the exports fail and the queue (2,048 spans) drops what does not fit, so the cost is recording, not waiting: no request waits for the exporter. Unsampled requests (\`OTEL_TRACES_SAMPLER_ARG\`) record nothing. "Each round" shows the spread that other work on the machine causes; the median is what to read.`,
  ].join('\n');
  await writeReportSections(REPORT_PATH, { telemetry: section });
  process.stdout.write(`${section}\n`);
} catch (error) {
  log(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  for (const router of routers) await router.stop().catch(() => {});
  sink.server.close();
  await cluster.stop();
}
// Run from main.ts, which would go on to the other benchmarks.
process.exit(exitCode);
