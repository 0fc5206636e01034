/**
 * Hive Gateway (@graphql-hive/gateway-runtime) as a peer in the side-by-side benchmark, one
 * process, over the cluster's supergraph file. PEER_PLANNER=rust uses Hive Router's Rust query
 * planner (@graphql-hive/router-runtime); PEER_DEDUP=false turns off its default sharing of
 * identical in-flight subgraph fetches (the "same work" comparison). It sends the subgraphs the
 * router secret and forwards the caller's Authorization, as Marquee's router does.
 */
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';

const port = Number(process.env.PEER_PORT);
const secret = process.env.ROUTER_SECRET ?? '';
const rust = process.env.PEER_PLANNER === 'rust';
const dedup = process.env.PEER_DEDUP !== 'false';
const routerRuntime = rust ? await import('@graphql-hive/router-runtime') : undefined;

const gateway = createGatewayRuntime({
  supergraph: process.env.SUPERGRAPH_PATH ?? '',
  ...(routerRuntime ? { unifiedGraphHandler: routerRuntime.unifiedGraphHandler } : {}),
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({
      'x-router-secret': secret,
      authorization: request.headers.get('authorization') ?? undefined,
    }),
  },
  ...(dedup ? {} : { transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } } }),
  logging: 'error',
  landingPage: false,
  graphiql: false,
});

createServer(gateway).listen(port, '127.0.0.1');
const stop = () => gateway.dispose().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
