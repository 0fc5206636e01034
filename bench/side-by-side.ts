/**
 * The side-by-side run: Marquee's router beside Hive Gateway (JS planner and Rust planner, with
 * and without its default sharing of in-flight fetches) and a plain @apollo/gateway, each in its
 * own process over the cluster's subgraph processes and supergraph file.
 */
import { fileURLToPath } from 'node:url';
import type { Cluster, StartedService } from './cluster.js';
import { freePort } from './cluster.js';
import type { LoadRequest } from './http-load.js';
import { MY_BOOKINGS_AND_ORDERS, PRODUCTS, RESTAURANT_MENUS } from './operations.js';
import { runSideBySide, type Gateway, type SideBySideCase, type SideBySideResult } from './scenarios/side-by-side.js';

const PEERS_DIR = fileURLToPath(new URL('./peers/', import.meta.url));

export interface GatewayVariant {
  name: string;
  description: string;
  start(cluster: Cluster): Promise<StartedService>;
  cases?: string[];
}

const request = (query: string, variables: Record<string, unknown>, token?: string): LoadRequest => ({
  body: JSON.stringify({ query, variables }),
  headers: token ? { authorization: `Bearer ${token}` } : {},
});

export function sideBySideCases(userToken: string, distinctTokens: string[]): SideBySideCase[] {
  const q1 = request(PRODUCTS, { first: 50 });
  const q2 = request(MY_BOOKINGS_AND_ORDERS, { bookings: 20, orders: 10 }, userToken);
  const q3 = request(RESTAURANT_MENUS, { first: 10 });
  const distinct = distinctTokens.map((token) => request(MY_BOOKINGS_AND_ORDERS, { bookings: 20, orders: 10 }, token));
  return [
    { name: 'Q1', description: 'anonymous `products(first: 50) { id name price category { name } inStock }` (catalog → inventory)', pick: () => q1, samples: [q1] },
    {
      name: 'Q2',
      description: 'one signed-in user: `me { name bookings(first: 20) { … showing { movie { title } theater { name } } } orders(first: 10) { total status restaurant { name } } }` (auth → booking, food)',
      pick: () => q2,
      samples: [q2],
    },
    {
      name: 'Q2 × 50 users',
      description: `Q2 by ${distinctTokens.length} distinct signed-in users in turn (each with their own bookings and orders), so no two requests in flight may share a fetch`,
      pick: (index) => distinct[index % distinct.length] as LoadRequest,
      samples: distinct.slice(0, 5),
    },
    { name: 'Q3', description: 'anonymous `restaurants(first: 10) { name menu { name price } }` (food only)', pick: () => q3, samples: [q3] },
  ];
}

const peer = (script: string, env: Record<string, string>, readyPath: string) => async (cluster: Cluster, name: string) => {
  const port = await freePort();
  return cluster.startProcess(name, {
    file: process.execPath,
    args: [`${PEERS_DIR}${script}`],
    env: { ...env, PEER_PORT: String(port) },
    port,
    readyPath,
  });
};

/** The gateways compared; Marquee's router (as configured by `marqueeEnv`) comes first. */
export function gatewayVariants(marquee: { name: string; description: string; env: Record<string, string> }[]): GatewayVariant[] {
  const hive = (name: string, planner: 'js' | 'rust', dedup: boolean, description: string): GatewayVariant => ({
    name,
    description,
    start: (cluster) => peer('hive.mjs', { PEER_PLANNER: planner, PEER_DEDUP: String(dedup) }, '/readiness')(cluster, name),
  });
  return [
    ...marquee.map((variant) => ({ name: variant.name, description: variant.description, start: (cluster: Cluster) => cluster.startRouter(variant.name, variant.env) })),
    hive('Hive JS', 'js', false, '@graphql-hive/gateway-runtime 2.12.1, JS planner, in-flight deduplication of subgraph fetches off (the same work per request as Marquee with dedup off)'),
    hive('Hive Rust', 'rust', false, 'the same with the Rust query planner (@graphql-hive/router-runtime 1.4.23), deduplication off'),
    {
      name: 'plain Apollo',
      description: '@apollo/gateway 2.14.4 + @apollo/server 5.5.1 standalone, defaults',
      start: (cluster) => peer('apollo.mjs', {}, '/?query=%7B__typename%7D')(cluster, 'plain Apollo'),
    },
    hive('Hive JS, defaults', 'js', true, 'Hive Gateway JS planner with its shipped defaults (identical in-flight subgraph fetches shared)'),
    hive('Hive Rust, defaults', 'rust', true, 'Hive Gateway Rust planner with its shipped defaults'),
  ];
}

export interface SideBySideRun {
  result: SideBySideResult;
  gateways: { name: string; description: string }[];
}

/** Starts every variant, measures, and stops the peers (Marquee's extra routers too). */
export async function measureSideBySide(
  cluster: Cluster,
  variants: GatewayVariant[],
  cases: SideBySideCase[],
  settings: { rounds: number; connections: number; durationMs: number; warmupMs: number; directQ3: boolean },
  log: (line: string) => void,
): Promise<SideBySideRun> {
  const started: StartedService[] = [];
  try {
    const gateways: Gateway[] = [];
    for (const variant of variants) {
      log(`  starting ${variant.name}`);
      const service = await variant.start(cluster);
      started.push(service);
      gateways.push({ name: variant.name, url: `${service.baseUrl}/graphql`, pid: service.pid, cases: variant.cases });
    }
    const described = variants.map((variant) => ({ name: variant.name, description: variant.description }));
    if (settings.directQ3) {
      const food = cluster.processes.find((process) => process.name === 'food');
      if (food && cluster.subgraphUrls.food) {
        gateways.push({ name: 'food subgraph directly', url: cluster.subgraphUrls.food, pid: 0, cases: ['Q3'], headers: { 'x-router-secret': cluster.routerSecret } });
        described.push({ name: 'food subgraph directly', description: 'Q3 sent straight to the food subgraph process (with the router secret): the ceiling for a router adding nothing' });
      }
    }
    const subgraphs = cluster.processes.filter((process) => process.name !== 'router');
    const result = await runSideBySide({ gateways, cases, subgraphs, statements: cluster.statements, log, ...settings });
    return { result, gateways: described };
  } finally {
    for (const service of started) await service.stop();
  }
}
