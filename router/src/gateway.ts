import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { Fetcher } from '@apollo/utils.fetcher';
import { REQUEST_ID_HEADER, ROUTER_SECRET_HEADER, type Logger } from '@marquee/platform';
import type { RouterContext } from './context.js';

export interface GatewayOptions {
  supergraphPath: string;
  watchSupergraph: boolean;
  subgraphUrls: Record<string, string>;
  routerSecret: string;
  subgraphTimeoutMs: number;
  logger: Logger;
}

/** Forwards the caller's token, the request id and the router's secret on every subgraph fetch. */
class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  constructor(
    private readonly name: string,
    url: string,
    private readonly routerSecret: string,
    timeoutMs: number,
    private readonly logger: Logger,
  ) {
    // A subgraph that hangs must not hold the whole request: its fields fail, the rest answers.
    super({
      url,
      fetcher: ((input: string, init?: RequestInit) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher,
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    headers.set(ROUTER_SECRET_HEADER, this.routerSecret);
    if (context.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.authorization) headers.set('authorization', context.authorization);
  }

  /**
   * A subgraph that is down or times out: its fields become null with an error that names the
   * service (not its address), so the rest of the answer still arrives.
   */
  override didEncounterError(error: Error, _request: unknown, _response: unknown, context: RouterContext): never {
    this.logger.warn('subgraph request failed', { subgraph: this.name, requestId: context.requestId, error });
    throw new GraphQLError(`The ${this.name} service could not answer this part of the request.`, {
      extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: this.name },
    });
  }
}

/**
 * A gateway over the committed supergraph file (no polling of subgraphs). In development the
 * file is watched and a changed supergraph is swapped in without a restart.
 */
export function createGateway(options: GatewayOptions): ApolloGateway {
  return new ApolloGateway({
    logger: {
      debug: (message) => options.logger.debug(String(message)),
      info: (message) => options.logger.info(String(message)),
      warn: (message) => options.logger.warn(String(message)),
      error: (message) => options.logger.error(String(message)),
    },
    async supergraphSdl({ update }) {
      const supergraphSdl = await readFile(options.supergraphPath, 'utf8');
      if (!options.watchSupergraph) return { supergraphSdl };
      let timer: NodeJS.Timeout | undefined;
      const watcher = watch(options.supergraphPath, () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          readFile(options.supergraphPath, 'utf8')
            .then((sdl) => {
              update(sdl);
              options.logger.info('supergraph reloaded', { path: options.supergraphPath });
            })
            .catch((error: unknown) => options.logger.error('supergraph reload failed', { error }));
        }, 200);
      });
      return {
        supergraphSdl,
        async cleanup() {
          clearTimeout(timer);
          watcher.close();
        },
      };
    },
    buildService: ({ name, url }) =>
      new SubgraphDataSource(name, options.subgraphUrls[name] ?? url ?? '', options.routerSecret, options.subgraphTimeoutMs, options.logger),
  });
}

/** The subgraphs a supergraph names, with their URLs after overrides: for readiness checks. */
export function subgraphsOf(supergraphSdl: string, overrides: Record<string, string>): { name: string; url: string }[] {
  const graphs = [...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g)];
  return graphs.map(([, name = '', url = '']) => ({ name, url: overrides[name] ?? url }));
}
