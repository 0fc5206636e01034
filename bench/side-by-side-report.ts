import type { Cell, SideBySideCase, SideBySideResult } from './scenarios/side-by-side.js';

const table = (header: string[], rows: (string | number)[][]): string =>
  [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export interface Summary {
  gateway: string;
  query: string;
  rps: number;
  p50: number;
  p99: number;
  gatewayCpuMs: number;
  subgraphCpuMs: number;
  subgraphCpuMsBy: Record<string, number>;
  sql: number;
  gatewayRssMiB: number;
  errors: number;
}

/** Medians over the rounds of one gateway on one query. */
export function summarizeCells(cells: Cell[]): Summary[] {
  const groups = new Map<string, Cell[]>();
  for (const cell of cells) {
    const key = `${cell.gateway}\u0000${cell.query}`;
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as Cell;
    const names = Object.keys(first.subgraphCpuMsBy);
    return {
      gateway: first.gateway,
      query: first.query,
      rps: median(group.map((cell) => cell.load.requestsPerSecond)),
      p50: median(group.map((cell) => cell.load.latency.p50)),
      p99: median(group.map((cell) => cell.load.latency.p99)),
      gatewayCpuMs: median(group.map((cell) => cell.gatewayCpuMs)),
      subgraphCpuMs: median(group.map((cell) => cell.subgraphCpuMs)),
      subgraphCpuMsBy: Object.fromEntries(names.map((name) => [name, median(group.map((cell) => cell.subgraphCpuMsBy[name] ?? 0))])),
      sql: median(group.map((cell) => cell.sqlPerRequest)),
      gatewayRssMiB: Math.max(...group.map((cell) => cell.gatewayRssBytes)) / 1024 ** 2,
      errors: group.reduce((sum, cell) => sum + cell.load.errors, 0),
    };
  });
}

export interface SideBySideReportInput {
  result: SideBySideResult;
  cases: SideBySideCase[];
  /** Gateway descriptions, in column order; the first is the reference of answers and ratios. */
  gateways: { name: string; description: string }[];
  /** Ratio tables: `ours` requests/s ÷ each peer's; default the first gateway against every other. */
  ratios?: { title: string; ours: string; peers: string[] }[];
  machine: string;
  /** Extra paragraphs (goals, what limits the numbers). */
  reading?: string[];
}

export function renderSideBySide(input: SideBySideReportInput): string {
  const { result } = input;
  const summaries = summarizeCells(result.cells);
  const find = (gateway: string, query: string) => summaries.find((summary) => summary.gateway === gateway && summary.query === query);
  const reference = input.gateways[0]?.name ?? '';
  const ratios = input.ratios ?? [{ title: `${reference} requests/s ÷ peer requests/s`, ours: reference, peers: input.gateways.slice(1).map((gateway) => gateway.name) }];
  const fixed = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits));
  const lines: string[] = [
    '## Side by side: Marquee beside Hive Gateway and plain Apollo Gateway',
    '',
    `Every gateway runs in its own process over the SAME subgraph processes and the same supergraph file (bench/cluster.ts). ` +
      `${result.options.rounds} interleaved rounds (each round runs every query against every gateway in turn, the order rotating), ` +
      `${result.options.connections} connections in a closed loop (bench/http-load.ts, undici), ${(result.options.warmupMs / 1000).toFixed(0)} s warm-up then ` +
      `${(result.options.durationMs / 1000).toFixed(0)} s measured per cell; medians over the rounds. CPU per request is user + system time ` +
      `from /proc/<pid>/stat over the measured window divided by the answered requests (10 ms tick resolution); SQL per request from the ` +
      `cluster's counting relay. ${input.machine}`,
    '',
    ...input.gateways.map((gateway) => `- **${gateway.name}**: ${gateway.description}`),
    '',
    ...input.cases.map((queryCase) => `- **${queryCase.name}**: ${queryCase.description}`),
    '',
    ...ratios.flatMap((ratio) => [
      `### Ratio: ${ratio.title}`,
      '',
      table(
        ['Query', ...ratio.peers],
        input.cases.map((queryCase) => [
          queryCase.name,
          ...ratio.peers.map((peer) => {
            const ours = find(ratio.ours, queryCase.name)?.rps;
            const theirs = find(peer, queryCase.name)?.rps;
            return ours && theirs ? `${(ours / theirs).toFixed(2)}×` : '–';
          }),
        ]),
      ),
      '',
    ]),
    '### Answers compared byte for byte with Marquee\'s',
    '',
    table(
      ['Gateway', ...input.cases.map((queryCase) => queryCase.name)],
      input.gateways.slice(1).map((gateway) => [
        gateway.name,
        ...input.cases.map((queryCase) => {
          const check = result.answers.find((candidate) => candidate.gateway === gateway.name && candidate.query === queryCase.name);
          if (!check) return '–';
          return check.identical ? 'identical' : `DIFFERS (${check.difference ?? ''})`;
        }),
      ]),
    ),
    '',
  ];
  for (const queryCase of input.cases) {
    lines.push(
      `### ${queryCase.name}`,
      '',
      table(
        ['Gateway', 'req/s', 'p50 ms', 'p99 ms', 'gateway CPU ms/req', 'subgraph CPU ms/req', 'by subgraph', 'SQL/req', 'gateway RSS MiB', 'errors'],
        input.gateways
          .map((gateway) => find(gateway.name, queryCase.name))
          .filter((summary): summary is Summary => summary !== undefined)
          .map((summary) => [
            summary.gateway,
            fixed(summary.rps, 0),
            fixed(summary.p50),
            fixed(summary.p99),
            fixed(summary.gatewayCpuMs, 2),
            fixed(summary.subgraphCpuMs, 2),
            Object.entries(summary.subgraphCpuMsBy)
              .filter(([, value]) => value >= 0.05)
              .map(([name, value]) => `${name} ${value.toFixed(1)}`)
              .join(', '),
            fixed(summary.sql, 2),
            fixed(summary.gatewayRssMiB, 0),
            summary.errors,
          ]),
      ),
      '',
    );
  }
  if (input.reading?.length) lines.push('### Reading', '', ...input.reading.map((line) => `- ${line}`), '');
  return lines.join('\n');
}
