import { SpanKind } from '@opentelemetry/api';
import type { Orm } from '../database/orm.js';
import { registerPoolSampler } from './metrics.js';
import { tracingEnabled, withSpan } from './tracing.js';

/** tarn's pool, as knex keeps it; absent once the ORM is closed. */
interface KnexPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

type ExecuteQuery = <T>(query: string, run: () => Promise<T>, context?: { query?: string }) => Promise<T>;

const MAX_STATEMENT_LENGTH = 2000;

/**
 * A subgraph's database in telemetry: the pool's use in `/metrics`, and one CLIENT span per SQL
 * statement, child of the GraphQL request that sent it. The statement text is MikroORM's
 * parameterized one (`?` placeholders): values never reach a span.
 *
 * Spans come from MikroORM's own `executeQuery` step rather than a `pg` require hook, because
 * hooks on `require` do not see modules loaded as ESM or through jest (ADR 0007).
 */
export function instrumentDatabase(orm: Orm, service: string, databaseName: string): () => void {
  const connection = orm.em.getConnection() as unknown as { executeQuery: ExecuteQuery; getKnex(): { client: { pool?: KnexPool } } };
  const original = connection.executeQuery.bind(connection) as ExecuteQuery;
  connection.executeQuery = (query, run, context) => {
    if (!tracingEnabled()) return original(query, run, context);
    const statement = (context?.query ?? query).slice(0, MAX_STATEMENT_LENGTH);
    const operation = /^\s*(\w+)/.exec(statement)?.[1]?.toUpperCase() ?? 'SQL';
    return withSpan(
      `${operation} ${databaseName}`,
      {
        'db.system.name': 'postgresql',
        'db.system': 'postgresql',
        'db.namespace': databaseName,
        'db.operation.name': operation,
        'db.query.text': statement,
        'marquee.service': service,
      },
      () => original(query, run, context),
      { kind: SpanKind.CLIENT },
    );
  };
  return registerPoolSampler(service, () => {
    const pool = connection.getKnex().client.pool;
    if (!pool) return { used: 0, free: 0, pending: 0, max: 0 };
    return { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires(), max: pool.max };
  });
}
