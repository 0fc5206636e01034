/**
 * Measuring one live-updates scenario: open the subscriptions, warm up, make the changes at a
 * pace while a plain query probes the router, wait for the payloads, and collect CPU, memory,
 * latencies and the router's batching counters.
 */
import { post } from '../graphql-client.js';
import type { Cluster } from '../cluster.js';
import type { ScenarioResult } from './report.js';
import type { KeyKind, Report, Subscription } from './subscriber-process.js';
import { Subscribers } from './subscribers.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A plain query every 100 ms while `work` runs: what other clients feel meanwhile. */
async function withPlainQueries<T>(routerUrl: string, work: () => Promise<T>): Promise<{ result: T; plainMs: number[] }> {
  const plainMs: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const started = performance.now();
      await post(routerUrl, { query: '{ restaurants(first: 5) { edges { node { id name } } } }' }).catch(() => undefined);
      plainMs.push(performance.now() - started);
      await sleep(100);
    }
  })();
  try {
    return { result: await work(), plainMs };
  } finally {
    running = false;
    await probe;
  }
}

/** Runs `count` changes at `perSecond`, at most 200 in flight; returns how long it really took. */
async function paced(count: number, perSecond: number, change: (index: number) => Promise<void>): Promise<{ seconds: number; failed: number }> {
  const started = performance.now();
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  for (let index = 0; index < count; index += 1) {
    const due = started + (index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= 200) await Promise.race(inFlight);
    const running = change(index).catch(() => void (failed += 1));
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
  }
  await Promise.all(inFlight);
  return { seconds: (performance.now() - started) / 1000, failed };
}


/**
 * Waits until the subscribers received `expected` payloads in all, or nothing arrived for 5 s
 * (conflated payloads make fewer than one per change), or `timeoutMs` passed.
 */
async function drain(subscribers: Subscribers, expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const { received } = await subscribers.ask<{ received: number }>({ type: 'count' });
    if (received >= expected) return;
    if (received !== last) {
      last = received;
      quietSince = Date.now();
    } else if (received > 0 && Date.now() - quietSince > 5_000) return;
    await sleep(250);
  }
}

export async function runScenario(
  cluster: Cluster,
  /** Node.js flags of the subscribers' process (a CPU profile, say). */
  subscriberNodeArgs: string[],
  options: {
    name: string;
    subscriptions: Subscription[];
    keyKind: KeyKind;
    /** Deliveries the warm-up change should produce, and the change itself. */
    warmUp: { expected: number; change: () => Promise<void> };
    changes: number;
    perSecond: number;
    change: (index: number, commitTimes: Record<string, number>) => Promise<void>;
    /** Subscribers who should receive each change. */
    perChange: number;
    notes: string;
  },
): Promise<ScenarioResult> {
  const routerPid = cluster.processes.find((process) => process.name === 'router')!.pid;
  const subscribers = await Subscribers.start(cluster.routerUrl, subscriberNodeArgs);
  try {
    log(`  ${options.name}: opening ${options.subscriptions.length} connections`);
    const opened = await subscribers.ask<{ failed: number; closed: number }>({ type: 'open', subscriptions: options.subscriptions, keyKind: options.keyKind });
    log(`  ${options.name}: opened (${opened.failed} refused, ${opened.closed} closed); warming up`);
    await options.warmUp.change();
    await drain(subscribers, options.warmUp.expected, 60_000);
    await sleep(1_000);
    await subscribers.ask({ type: 'reset' });
    const idle = await withPlainQueries(cluster.routerUrl, () => sleep(3_000));
    const watched = [...cluster.processes, { name: 'subscribers', pid: subscribers.pid }, { name: 'bench (mutations)', pid: process.pid }];
    const cpuBefore = watched.map((process) => cluster.sample(process.pid).cpuMs);
    const resolutionsBefore = await resolutionCounts(cluster.routerUrl);
    const before = cluster.sample(routerPid);
    const commitTimes: Record<string, number> = {};
    log(`  ${options.name}: ${options.changes} changes at ${options.perSecond}/s`);
    const { result: run, plainMs } = await withPlainQueries(cluster.routerUrl, async () => {
      const result = await paced(options.changes, options.perSecond, (index) => options.change(index, commitTimes));
      await drain(subscribers, (options.changes - result.failed) * options.perChange, 30_000);
      return result;
    });
    const after = cluster.sample(routerPid);
    const resolutionsAfter = await resolutionCounts(cluster.routerUrl);
    const resolutions = Object.fromEntries(
      Object.entries(resolutionsAfter).map(([scope, counts]) => [scope, { operations: counts.operations - (resolutionsBefore[scope]?.operations ?? 0), events: counts.events - (resolutionsBefore[scope]?.events ?? 0) }]),
    );
    const cpuMsByProcess = Object.fromEntries(watched.map((process, index) => [process.name, cluster.sample(process.pid).cpuMs - cpuBefore[index]!]));
    const subscriberSample = cluster.sample(subscribers.pid);
    const { report } = await subscribers.ask<{ report: Report }>({ type: 'report', commitTimes });
    await subscribers.ask({ type: 'close' });
    return {
      name: options.name,
      connections: options.subscriptions.length,
      changes: options.changes,
      seconds: run.seconds,
      failedChanges: run.failed,
      // A change that failed (its mutation errored) owes nobody a payload.
      expected: (options.changes - run.failed) * options.perChange,
      report,
      routerCpuMs: after.cpuMs - before.cpuMs,
      cpuMsByProcess,
      resolutions,
      routerRssBytes: after.rssBytes,
      routerPeakRssBytes: after.peakRssBytes,
      subscriberRssBytes: subscriberSample.rssBytes,
      plainIdleMs: idle.plainMs,
      plainMs,
      notes: options.notes,
    };
  } finally {
    await subscribers.stop();
  }
}

/** The router's subscription resolution counters by scope (its /metrics): how events were batched. */
async function resolutionCounts(routerUrl: string): Promise<Record<string, { operations: number; events: number }>> {
  const text = await (await fetch(new URL('/metrics', routerUrl))).text();
  const counts: Record<string, { operations: number; events: number }> = {};
  for (const match of text.matchAll(/^marquee_subscription_(resolutions|resolved_events)_total\{scope="(\w+)"\} (\d+)/gm)) {
    const entry = (counts[match[2]!] ??= { operations: 0, events: 0 });
    entry[match[1] === 'resolutions' ? 'operations' : 'events'] = Number(match[3]);
  }
  return counts;
}
