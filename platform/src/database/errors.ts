import { ConnectionException, DriverException } from '@mikro-orm/core';

/** Node's codes for a server that cannot be reached or dropped the connection. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/** SQLSTATEs of a server that is going away, starting or full: class 08 and these. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What pg and knex say when the connection went away or none could be had. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Timeout acquiring a connection|connection error and is not queryable|Client was closed and is not queryable|the database system is (starting up|shutting down|in recovery mode)/i;

interface DatabaseErrorFields {
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  message?: unknown;
  cause?: unknown;
}

/**
 * True when `error` says the database could not be reached (down, restarting, refusing
 * connections), as opposed to a statement it refused: the request may succeed when retried.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  if (error instanceof ConnectionException) return true;
  const fields = error as DatabaseErrorFields;
  const code = typeof fields.code === 'string' ? fields.code : '';
  if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof fields.message === 'string' && UNAVAILABLE_MESSAGES.test(fields.message)) return true;
  // AggregateError (one per address tried) and wrapped causes.
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.some((item) => isDatabaseUnavailable(item, depth + 1))) return true;
  return isDatabaseUnavailable(fields.cause, depth + 1);
}

/** PostgreSQL's own fields that name things, never values: what a log may keep of a driver error. */
const SAFE_DATABASE_FIELDS = ['code', 'sqlState', 'severity', 'constraint', 'table', 'column', 'dataType', 'schema', 'routine'] as const;

const isDatabaseError = (error: Error): boolean =>
  error instanceof DriverException || ('severity' in error && 'code' in error && typeof (error as DatabaseErrorFields).code === 'string');

/**
 * An error as a log may show it. A database error's message, detail and first stack line carry
 * the statement with its parameter values (an email, a password hash); only the fields that
 * name a constraint, table or SQLSTATE are kept, and the stack frames. Other errors keep their
 * name, message and stack; causes are described the same way.
 */
export function describeError(error: unknown, depth = 0): Record<string, unknown> | string {
  if (!(error instanceof Error)) return typeof error === 'string' ? error : String(error);
  if (isDatabaseError(error)) {
    const fields = error as unknown as Record<string, unknown>;
    const described: Record<string, unknown> = { name: error.name, message: databaseSummary(error) };
    for (const field of SAFE_DATABASE_FIELDS) {
      if (typeof fields[field] === 'string' || typeof fields[field] === 'number') described[field] = fields[field];
    }
    described.stack = (error.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at ')).join('\n');
    return described;
  }
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(error.cause !== undefined && depth < 3 ? { cause: describeError(error.cause, depth + 1) } : {}),
  };
}

/** A message without values: what kind of failure, on which constraint. */
function databaseSummary(error: Error): string {
  if (isDatabaseUnavailable(error)) return 'the database is unavailable';
  const { constraint, table } = error as unknown as Record<string, unknown>;
  const on = [typeof table === 'string' ? `table ${table}` : '', typeof constraint === 'string' ? `constraint ${constraint}` : ''].filter(Boolean).join(', ');
  return `database error ${error.name}${on ? ` (${on})` : ''}`;
}
