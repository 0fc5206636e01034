import { rawAnswer, timedLoad, type LoadRequest, type TimedLoadResult } from '../http-load.js';
import { startUsage } from '../proc.js';
import type { StatementCounter } from './statements.js';

/** A GraphQL endpoint measured in the side-by-side run: a router, a peer, or a subgraph directly. */
export interface Gateway {
  name: string;
  url: string;
  pid: number;
  /** Only these cases (e.g. the food subgraph answers only Q3); default all. */
  cases?: string[];
  /** Headers this endpoint needs beyond the caller's (the router secret for a subgraph). */
  headers?: Record<string, string>;
}

export interface SideBySideCase {
  name: string;
  description: string;
  pick: (index: number) => LoadRequest;
  /** Requests whose answers must be byte for byte the reference gateway's. */
  samples: LoadRequest[];
}

export interface Cell {
  gateway: string;
  query: string;
  round: number;
  load: TimedLoadResult;
  /** CPU milliseconds per request of the gateway process and of all subgraph processes. */
  gatewayCpuMs: number;
  subgraphCpuMs: number;
  subgraphCpuMsBy: Record<string, number>;
  sqlPerRequest: number;
  gatewayRssBytes: number;
  subgraphRssBytes: number;
}

export interface AnswerCheck {
  gateway: string;
  query: string;
  identical: boolean;
  /** Where the first answer differs from the reference, when it does. */
  difference?: string;
}

export interface SideBySideOptions {
  gateways: Gateway[];
  cases: SideBySideCase[];
  subgraphs: { name: string; pid: number }[];
  statements?: StatementCounter;
  rounds: number;
  connections: number;
  durationMs: number;
  warmupMs: number;
  log: (line: string) => void;
}

export interface SideBySideResult {
  cells: Cell[];
  answers: AnswerCheck[];
  options: Pick<SideBySideOptions, 'rounds' | 'connections' | 'durationMs' | 'warmupMs'>;
}

const runsCase = (gateway: Gateway, name: string) => !gateway.cases || gateway.cases.includes(name);
const withHeaders = (gateway: Gateway, request: LoadRequest): LoadRequest =>
  gateway.headers ? { body: request.body, headers: { ...request.headers, ...gateway.headers } } : request;

function firstDifference(expected: string, actual: string): string {
  let at = 0;
  while (at < expected.length && expected[at] === actual[at]) at += 1;
  return `at byte ${at}: expected …${JSON.stringify(expected.slice(Math.max(0, at - 40), at + 40))}, got …${JSON.stringify(actual.slice(Math.max(0, at - 40), at + 40))}`;
}

/** Every gateway's answers to every sample, compared byte for byte with the first gateway's. */
export async function checkAnswers(gateways: Gateway[], cases: SideBySideCase[]): Promise<AnswerCheck[]> {
  const [reference, ...others] = gateways;
  if (!reference) return [];
  const checks: AnswerCheck[] = [];
  for (const queryCase of cases) {
    const expected = await Promise.all(queryCase.samples.map((sample) => rawAnswer(reference.url, withHeaders(reference, sample))));
    for (const [index, answer] of expected.entries()) {
      if (answer.status !== 200 || answer.text.includes('"errors":')) {
        throw new Error(`${reference.name} failed ${queryCase.name} (sample ${index}): ${answer.status} ${answer.text.slice(0, 300)}`);
      }
    }
    for (const gateway of others.filter((candidate) => runsCase(candidate, queryCase.name))) {
      let check: AnswerCheck = { gateway: gateway.name, query: queryCase.name, identical: true };
      for (const [index, sample] of queryCase.samples.entries()) {
        const actual = await rawAnswer(gateway.url, withHeaders(gateway, sample));
        const want = expected[index]?.text ?? '';
        // A trailing newline is framing, not the answer.
        if (actual.text.trimEnd() !== want.trimEnd()) {
          check = { gateway: gateway.name, query: queryCase.name, identical: false, difference: `sample ${index} ${firstDifference(want.trimEnd(), actual.text.trimEnd())}` };
          break;
        }
      }
      checks.push(check);
    }
  }
  return checks;
}

/**
 * Interleaved rounds: in each round every query runs against every gateway in turn (the order of
 * gateways rotates per round), so a noisy minute on the shared machine hurts them alike. CPU is
 * read from /proc for the gateway and every subgraph around the measured window only.
 */
export async function runSideBySide(options: SideBySideOptions): Promise<SideBySideResult> {
  const answers = await checkAnswers(options.gateways, options.cases);
  for (const check of answers.filter((candidate) => !candidate.identical)) {
    options.log(`  answers differ: ${check.gateway} on ${check.query}: ${check.difference}`);
  }
  const cells: Cell[] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    for (const queryCase of options.cases) {
      const shift = (round - 1) % options.gateways.length;
      const order = [...options.gateways.slice(shift), ...options.gateways.slice(0, shift)];
      for (const gateway of order.filter((candidate) => runsCase(candidate, queryCase.name))) {
        let usage: ReturnType<typeof startUsage> | undefined;
        const processes = gateway.pid ? [{ name: 'gateway', pid: gateway.pid }, ...options.subgraphs] : options.subgraphs;
        let counting: Promise<void> | undefined;
        const load = await timedLoad(
          gateway.url,
          {
            connections: options.connections,
            durationMs: options.durationMs,
            warmupMs: options.warmupMs,
            pick: (index) => withHeaders(gateway, queryCase.pick(index)),
          },
          () => {
            usage = startUsage(processes);
            counting = options.statements?.reset();
          },
        );
        const used = usage?.finish();
        await counting;
        const sql = Object.values((await options.statements?.snapshot()) ?? {}).reduce((sum, count) => sum + count, 0);
        const perRequest = (value: number) => (load.requests > 0 ? value / load.requests : 0);
        const subgraphCpuMsBy = Object.fromEntries(options.subgraphs.map(({ name }) => [name, perRequest(used?.cpuMs[name] ?? 0)]));
        const cell: Cell = {
          gateway: gateway.name,
          query: queryCase.name,
          round,
          load,
          gatewayCpuMs: perRequest(used?.cpuMs.gateway ?? 0),
          subgraphCpuMs: Object.values(subgraphCpuMsBy).reduce((sum, value) => sum + value, 0),
          subgraphCpuMsBy,
          sqlPerRequest: perRequest(sql),
          gatewayRssBytes: used?.rssBytes.gateway ?? 0,
          subgraphRssBytes: options.subgraphs.reduce((sum, { name }) => sum + (used?.rssBytes[name] ?? 0), 0),
        };
        cells.push(cell);
        options.log(
          `  round ${round} ${queryCase.name} ${gateway.name}: ${load.requestsPerSecond.toFixed(0)} req/s, p50 ${load.latency.p50.toFixed(1)} ms, ` +
            `CPU/request gateway ${cell.gatewayCpuMs.toFixed(2)} ms, subgraphs ${cell.subgraphCpuMs.toFixed(2)} ms, SQL ${cell.sqlPerRequest.toFixed(2)}` +
            (load.errors ? `, ${load.errors} errors (${load.firstError ?? ''})` : ''),
        );
      }
    }
  }
  return { cells, answers, options: { rounds: options.rounds, connections: options.connections, durationMs: options.durationMs, warmupMs: options.warmupMs } };
}
