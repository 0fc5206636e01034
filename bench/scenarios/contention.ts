import { post } from '../graphql-client.js';
import { BOOK_SEATS } from '../operations.js';
import { elapsedMs, summarize, type LatencySummary } from '../stats.js';

export interface ContentionRun {
  attempts: number;
  /** From firing every request at once to the last answer. */
  settleMs: number;
  latency: LatencySummary;
  /** Answers by outcome: BOOKED, or the first error's code. */
  outcomes: Record<string, number>;
}

/**
 * `tokens.length` customers press "book" on the same seat at the same moment. The database's
 * partial unique index decides: exactly one booking, every other request CONFLICT.
 */
export async function runContention(routerUrl: string, tokens: string[], showingId: string, seatId: string): Promise<ContentionRun> {
  const outcomes: Record<string, number> = {};
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      const sent = performance.now();
      let outcome: string;
      try {
        const result = await post<{ bookSeats: { id: string } | null }>(routerUrl, {
          query: BOOK_SEATS,
          variables: { input: { showingId, seatIds: [seatId] } },
          token,
        });
        outcome = result.data?.bookSeats ? 'BOOKED' : String(result.errors[0]?.extensions?.code ?? `HTTP ${result.status}`);
      } catch {
        outcome = 'NETWORK_ERROR';
      }
      latencies.push(elapsedMs(sent));
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }),
  );
  return { attempts: tokens.length, settleMs: elapsedMs(start), latency: summarize(latencies), outcomes };
}
