/**
 * A plain @apollo/gateway + @apollo/server (standalone) as a peer in the side-by-side benchmark,
 * one process, over the cluster's supergraph file, with Apollo's defaults. It sends the subgraphs
 * the router secret and forwards the caller's Authorization, as Marquee's router does.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const port = Number(process.env.PEER_PORT);
const secret = process.env.ROUTER_SECRET ?? '';

class SubgraphSource extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    request.http?.headers.set('x-router-secret', secret);
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}

const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH ?? '', 'utf8'),
  buildService: ({ url }) => new SubgraphSource({ url }),
});
// csrfPrevention off only so the bench's readiness probe can be a plain GET.
const server = new ApolloServer({ gateway, csrfPrevention: false });
await startStandaloneServer(server, {
  listen: { port, host: '127.0.0.1' },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
const stop = () => server.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
