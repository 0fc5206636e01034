import type { ContentionRun } from './scenarios/contention.js';
import type { FanoutRun } from './scenarios/fanout.js';
import type { QueryRun } from './scenarios/queries.js';
import type { StatementRow } from './scenarios/statements.js';

/** A few sentences derived from the numbers, so the reading is true of every run it is written for. */
export function readResults(queries: QueryRun[], statements: StatementRow[], fanout: FanoutRun[], contention: ContentionRun): string[] {
  const lines: string[] = [];

  for (const name of [...new Set(queries.map((run) => run.name))]) {
    const runs = queries.filter((run) => run.name === name);
    const single = runs.find((run) => run.concurrency === 1);
    const best = runs.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
    const widest = runs.reduce((a, b) => (b.concurrency > a.concurrency ? b : a));
    if (!single) continue;
    lines.push(
      `\`${name}\`: ${single.latency.p50.toFixed(1)} ms p50 alone; peaks at ${best.requestsPerSecond.toFixed(0)} req/s (c=${best.concurrency}). ` +
        `At c=${widest.concurrency} p50 is ${widest.latency.p50.toFixed(0)} ms: beyond saturation more concurrency only queues ` +
        `(throughput × latency ≈ concurrency; six services and the load generator share two cores).`,
    );
  }
  const errors = queries.reduce((sum, run) => sum + run.errors, 0);
  lines.push(errors === 0 ? 'No query request failed at any concurrency.' : `${errors} query requests failed; see the Errors column.`);

  for (const query of [...new Set(statements.map((row) => row.query))]) {
    const rows = statements.filter((row) => row.query === query).sort((a, b) => a.listLength - b.listLength);
    const [small, large] = [rows[0], rows.at(-1)];
    if (!small || !large || small === large) continue;
    lines.push(
      small.total === large.total
        ? `\`${query}\`: ${small.total} SQL statements for ${small.listLength} items and for ${large.listLength}: flat, batched by loaders.`
        : `\`${query}\`: ${small.total} SQL statements for ${small.listLength} items, ${large.total} for ${large.listLength}: grows with the list — worth a look.`,
    );
  }

  const one = fanout.find((run) => run.subscribers === 1);
  const most = fanout.reduce((a, b) => (b.subscribers > a.subscribers ? b : a), fanout[0] as FanoutRun);
  if (one && most && most !== one) {
    const perScreen = (most.toLast.p50 - one.toLast.p50) / (most.subscribers - one.subscribers);
    lines.push(
      `Fan-out: a status change reaches 1 screen in ${one.toLast.p50.toFixed(1)} ms and the last of ${most.subscribers} in ` +
        `${most.toLast.p50.toFixed(0)} ms (p50), about ${perScreen.toFixed(2)} ms per extra screen. The screens share one ` +
        `cohort (one role): the change is resolved once, federated \`user { name }\` included, and the same payload is ` +
        `written to every socket, so what grows with screens is the writing (see \`npm run bench -- subscriptions\`).` +
        (fanout.some((run) => run.missed > 0) ? ' Some changes missed a screen: see the table.' : ' No screen missed a change.'),
    );
  }

  const booked = contention.outcomes.BOOKED ?? 0;
  const conflicts = contention.outcomes.CONFLICT ?? 0;
  lines.push(
    booked === 1 && conflicts === contention.attempts - 1
      ? `Contention: of ${contention.attempts} simultaneous bookings of one seat exactly one succeeded and ${conflicts} got CONFLICT, settled in ${contention.settleMs.toFixed(0)} ms.`
      : `Contention: ${booked} of ${contention.attempts} simultaneous bookings of one seat succeeded (${JSON.stringify(contention.outcomes)}); expected exactly one.`,
  );
  return lines;
}
