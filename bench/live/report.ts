/** The live benchmark's section of bench/REPORT.md: one table row and one note per scenario. */
import { loadAverage } from '../machine.js';
import type { Report } from './subscriber-process.js';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface ScenarioResult {
  name: string;
  connections: number;
  changes: number;
  seconds: number;
  failedChanges: number;
  expected: number;
  report: Report;
  routerCpuMs: number;
  /** CPU of every process during the changes (router, subgraphs, subscribers, PostgreSQL and Redis not included). */
  cpuMsByProcess: Record<string, number>;
  /** Gateway operations the router ran for subscription events during the changes, and the events they resolved, by scope. */
  resolutions: Record<string, { operations: number; events: number }>;
  routerRssBytes: number;
  routerPeakRssBytes: number;
  subscriberRssBytes: number;
  plainIdleMs: number[];
  plainMs: number[];
  notes: string;
}
const ms = (value: number) => (Number.isNaN(value) ? '–' : `${value.toFixed(value < 10 ? 1 : 0)} ms`);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

export function render(results: ScenarioResult[], started: number): string {
  const lines = [
    '## Live updates at scale (`npm run bench -- subscriptions`)',
    '',
    `Run ${new Date().toISOString()}, ${((performance.now() - started) / 1000).toFixed(0)} s in all; load average at the end ${loadAverage()}.`,
    'Router and five subgraphs as separate compiled processes (bench/cluster.ts, production mode) on the machine\'s PostgreSQL and Redis; subscribers in another process (bench/live/subscriber-process.ts), mutations from the bench process; all on the same 2 cores.',
    'Latency: from the commit (the changed row\'s `updatedAt` / the booking\'s `createdAt`, set just before the commit) to the payload\'s receipt by a subscriber. Lost: changes x subscribers who may see them, minus the changes each subscriber saw (a seat map showing N free seats shows every booking that brought it there: events of one entity resolved together are conflated into its latest state).',
    '',
    '| scenario | connections | changes (rate reached) | p50 | p99 | max | lost | router CPU | router RSS (peak) | plain query p50 / p99 idle -> under load |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    const sorted = [...result.report.latenciesMs].sort((a, b) => a - b);
    const plain = [...result.plainMs].sort((a, b) => a - b);
    const idle = [...result.plainIdleMs].sort((a, b) => a - b);
    const lost = Math.max(0, result.expected - result.report.covered);
    lines.push(
      `| ${result.name} | ${result.connections.toLocaleString('en')} | ${result.changes} in ${result.seconds.toFixed(1)} s (${(result.changes / result.seconds).toFixed(0)}/s${result.failedChanges ? `, ${result.failedChanges} failed` : ''}) | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} | ${ms(sorted.at(-1) ?? Number.NaN)} | ${lost.toLocaleString('en')} of ${result.expected.toLocaleString('en')} | ${(result.routerCpuMs / 1000).toFixed(1)} s over ${result.seconds.toFixed(0)} s (${((result.routerCpuMs / 10) / result.seconds).toFixed(0)}% of a core) | ${mib(result.routerRssBytes)} (${mib(result.routerPeakRssBytes)}) | ${ms(percentile(idle, 50))} / ${ms(percentile(idle, 99))} -> ${ms(percentile(plain, 50))} / ${ms(percentile(plain, 99))} |`,
    );
  }
  lines.push('');
  for (const result of results) {
    lines.push(
      `- ${result.name}: CPU per change: ${Object.entries(result.cpuMsByProcess)
        .filter(([, cpuMs]) => cpuMs > 0)
        .sort(([, a], [, b]) => b - a)
        .map(([name, cpuMs]) => `${name} ${(cpuMs / result.changes).toFixed(1)} ms`)
        .join(', ')}; gateway operations per change: ${
        Object.entries(result.resolutions)
          .filter(([, counts]) => counts.operations > 0)
          .map(([scope, counts]) => `${scope} ${(counts.operations / result.changes).toFixed(2)} (${(counts.events / counts.operations).toFixed(1)} events each)`)
          .join(', ') || 'none'
      }; ${result.notes}. Received ${result.report.received.toLocaleString('en')} payloads (${result.report.repeated.toLocaleString('en')} showing nothing new, ${result.report.unmatched} without a known commit time), ${result.report.errors} errors${result.report.errorSamples.length ? ` (${result.report.errorSamples.map((sample) => `\`${sample}\``).join('; ')})` : ''}, ${result.report.closed} connections closed by the router; subscriber process RSS ${mib(result.subscriberRssBytes)}.`,
    );
  }
  return lines.join('\n');
}
