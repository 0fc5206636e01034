import type { EntityManager } from '@mikro-orm/postgresql';

/** A `pg` client from knex's pool. */
interface PooledClient {
  query(text: string): Promise<{ rows: unknown[] }>;
}

/** The parts of MikroORM's SQL connection and knex's client that runSql uses. */
interface SqlConnection {
  execute<T>(sql: string, params: unknown[], method: 'all', transaction?: unknown): Promise<T>;
  executeQuery<T>(query: string, run: () => Promise<T>, context?: { query: string; params: readonly unknown[] }): Promise<T>;
  getKnex(): {
    client: {
      acquireConnection(): Promise<PooledClient>;
      releaseConnection(client: PooledClient): Promise<unknown>;
      positionBindings(sql: string): string;
    };
  };
}

/**
 * Runs one read statement and returns its rows. MikroORM writes the `?` parameters into the text
 * (as it does for its own queries; lists as `a, b, c`) and its `executeQuery` logs the statement
 * (tests count statements with it) and carries the SQL span (telemetry/database.ts); the statement
 * itself goes straight to a `pg` client of the same pool, without knex's query runner in between.
 * Inside a transaction it runs on the transaction's connection, through knex, as MikroORM would.
 */
export function runSql<R>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<R[]> {
  const connection = em.getConnection() as unknown as SqlConnection;
  const transaction = em.getTransactionContext();
  if (transaction) return connection.execute<R[]>(sql, [...params], 'all', transaction);
  const pool = connection.getKnex().client;
  const text = params.length > 0 ? em.getPlatform().formatQuery(sql, [...params]) : sql;
  // What MikroORM's own execute logs: the statement with its values only when asked for.
  const logger = em.config.getLogger();
  const logged = !logger.isEnabled('query') ? sql : logger.isEnabled('query-params') ? text : pool.positionBindings(sql);
  return connection.executeQuery(
    logged,
    async () => {
      const client = await pool.acquireConnection();
      try {
        return (await client.query(text)).rows as R[];
      } finally {
        await pool.releaseConnection(client);
      }
    },
    { query: sql, params },
  );
}
