import type { ContentionRun } from './scenarios/contention.js';
import type { FanoutRun } from './scenarios/fanout.js';
import type { QueryCase, QueryRun } from './scenarios/queries.js';
import type { StatementRow } from './scenarios/statements.js';
import { ms } from './stats.js';

export interface MachineFacts {
  date: string;
  commit: string;
  node: string;
  platform: string;
  cpus: string;
  memory: string;
  /** Load averages when measuring began. */
  loadAverage: string;
  postgres: string;
  redis: string;
}

export interface BenchResults {
  machine: MachineFacts;
  /** Load averages when the run ended. */
  loadAverageAtEnd: string;
  setupMs: number;
  totalMs: number;
  queryCases: QueryCase[];
  queries: QueryRun[];
  statements: StatementRow[];
  fanout: FanoutRun[];
  contention: ContentionRun;
  reading: string[];
}

const table = (header: string[], rows: (string | number)[][]): string =>
  [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

export function renderReport(results: BenchResults): string {
  const { machine } = results;
  return [
    '# Marquee benchmark report',
    '',
    `Written by \`npm run bench\` on ${machine.date} (commit ${machine.commit}); every run replaces this section (other benchmarks' sections are kept).`,
    '',
    '## Machine',
    '',
    table(
      ['', ''],
      [
        ['Node.js', machine.node],
        ['Platform', machine.platform],
        ['CPUs', machine.cpus],
        ['Memory', machine.memory],
        ['Load average (1/5/15 min)', `${machine.loadAverage} before measuring, ${results.loadAverageAtEnd} at the end`],
        ['PostgreSQL', machine.postgres],
        ['Redis', machine.redis],
        ['Set-up (boot, seed, fixtures)', `${(results.setupMs / 1000).toFixed(1)} s`],
        ['Whole run', `${(results.totalMs / 1000).toFixed(1)} s`],
      ],
    ),
    '',
    '> Caveats. The router and the five subgraphs run compiled, in production mode, each in its own process',
    '> (bench/cluster.ts), beside the load generator, PostgreSQL and Redis on the same machine: all of them',
    '> share its cores. Other people run test suites on this machine at the same time (see the load',
    '> average): absolute numbers are noisy; compare runs on one machine, not across machines.',
    '',
    '## 1. Query throughput and latency through the router',
    '',
    'Closed loop over loopback HTTP keep-alive: a fixed number of requests shared by `c` workers, each',
    'sending its next request when the last returns; 10 warm-up requests first. Latency in ms.',
    '',
    ...results.queryCases.map((queryCase) => `- **${queryCase.name}**: ${queryCase.description}`),
    '',
    table(
      ['Query', 'c', 'Requests', 'req/s', 'p50', 'p95', 'p99', 'max', 'Errors'],
      results.queries.map((run) => [
        run.name,
        run.concurrency,
        run.requests,
        run.requestsPerSecond.toFixed(0),
        ms(run.latency.p50),
        ms(run.latency.p95),
        ms(run.latency.p99),
        ms(run.latency.max),
        run.errors ? `${run.errors} (${run.firstError ?? ''})` : 0,
      ]),
    ),
    '',
    '## 2. SQL statements per request',
    '',
    'Every statement the subgraphs sent while one request was in flight, counted by a PostgreSQL wire-protocol relay between the services and the server (bench/sql-counter-process.ts).',
    '',
    table(
      ['Query', 'List length', 'SQL statements', 'By subgraph'],
      results.statements.map((row) => [
        row.query,
        row.listLength,
        row.total,
        Object.entries(row.bySubgraph)
          .map(([subgraph, count]) => `${subgraph} ${count}`)
          .join(', '),
      ]),
    ),
    '',
    '## 3. Subscription fan-out',
    '',
    'N graphql-ws connections (one per screen) with a MODERATOR token on',
    '`restaurantOrderUpdates { id status user { name } }`; per change, the time from sending',
    '`updateOrderStatus` to the first and to the last screen receiving it (ms). The router resolves',
    "each subscriber's selection through the gateway, so `user { name }` is a fetch from auth per screen.",
    '',
    table(
      ['Subscribers', 'Changes', 'To last p50', 'To last p95', 'To last max', 'To first p50', 'Missed', 'Errors'],
      results.fanout.map((run) => [run.subscribers, run.changes, ms(run.toLast.p50), ms(run.toLast.p95), ms(run.toLast.max), ms(run.toFirst.p50), run.missed, run.errors]),
    ),
    '',
    '## 4. Booking contention',
    '',
    `${results.contention.attempts} different customers send \`bookSeats\` for the same seat at once.`,
    '',
    table(
      ['Attempts', 'Settled after (ms)', 'p50', 'p95', 'Outcomes'],
      [
        [
          results.contention.attempts,
          ms(results.contention.settleMs),
          ms(results.contention.latency.p50),
          ms(results.contention.latency.p95),
          Object.entries(results.contention.outcomes)
            .map(([outcome, count]) => `${outcome} ${count}`)
            .join(', '),
        ],
      ],
    ),
    '',
    '## Reading',
    '',
    ...results.reading.map((line) => `- ${line}`),
    '',
  ].join('\n');
}
