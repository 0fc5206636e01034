import type { ApolloGateway } from '@apollo/gateway';

/** What Apollo Server needs of a gateway; ours wrap the real one. */
export type Gateway = Pick<ApolloGateway, 'load' | 'onSchemaLoadOrUpdate' | 'stop'>;
export type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/** The gateway with its executor replaced by `wrap(executor)`, on every schema load. */
export function withExecutor(gateway: Gateway, wrap: (executor: Executor) => Executor): Gateway {
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      return loaded.executor ? { ...loaded, executor: wrap(loaded.executor) } : loaded;
    },
  };
}
