import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from './logger.js';
import { describeError, isDatabaseUnavailable } from './database/errors.js';

/** The stable codes of DESIGN.md §4; programs branch on these, people read the message. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  /** A service this one depends on did not answer; nothing was changed, the client may retry. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

function codedError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export const badUserInput = (message: string, field?: string, extra: Record<string, unknown> = {}) =>
  codedError(ErrorCode.BAD_USER_INPUT, message, { ...(field ? { field } : {}), ...extra });
export const unauthenticated = (message = 'You must be signed in to do this.') =>
  codedError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'You are not allowed to do this.') =>
  codedError(ErrorCode.FORBIDDEN, message);
export const notFound = (message = 'Not found.', extra: Record<string, unknown> = {}) =>
  codedError(ErrorCode.NOT_FOUND, message, extra);
export const conflict = (message: string, extra: Record<string, unknown> = {}) =>
  codedError(ErrorCode.CONFLICT, message, extra);
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  codedError(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds });
export const serviceUnavailable = (message: string) => codedError(ErrorCode.SERVICE_UNAVAILABLE, message);

/** An UNAUTHENTICATED error that also sets HTTP 401, for a bad token on the request itself. */
export const invalidToken = (message = 'The access token is invalid or expired.') =>
  new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });

const PUBLIC_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  // Apollo's own codes for malformed requests are the client's mistake and safe to show.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'OPERATION_NOT_TRUSTED',
]);

/**
 * A coded GraphQLError is meant for the client; anything else (a thrown Error, a driver
 * failure, a coded error wrapping one) is a bug or an outage and must not leak.
 */
export function isExposable(error: unknown): boolean {
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  if (typeof code !== 'string' || !PUBLIC_CODES.has(code) || code === ErrorCode.INTERNAL_SERVER_ERROR) {
    return false;
  }
  // What was really thrown: a thrown Error (driver failure, bug) is never shown, whatever wraps
  // it. A subgraph's error reaches the router as a plain object its own formatError vetted.
  const original = unwrapResolverError(error);
  const thrown = original instanceof GraphQLError ? original.originalError : original;
  return !(thrown instanceof Error && !(thrown instanceof GraphQLError));
}

/** The thrown Error under whatever wraps it (resolver and GraphQL wrappers), if any. */
function thrownError(error: unknown): unknown {
  const original = unwrapResolverError(error);
  return original instanceof GraphQLError && original.originalError ? original.originalError : original;
}

/** True when the request failed because this service's database could not be reached: retryable. */
export const failedForUnavailableDatabase = (error: unknown): boolean => {
  const thrown = thrownError(error);
  // graphql-js wraps a thrown non-Error (pg throws plain objects when it cannot connect) in NonErrorThrown.
  const value = thrown instanceof Error && 'thrownValue' in thrown ? (thrown as { thrownValue: unknown }).thrownValue : thrown;
  return typeof value === 'object' && value !== null && !(value instanceof GraphQLError) && isDatabaseUnavailable(value);
};

/**
 * Apollo's formatError: exposable errors pass with their message and extensions, minus any
 * stack; the rest become INTERNAL_SERVER_ERROR (the logging plugin has recorded them in full).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // A literal a scalar refused ("0000-01-01T00:00:00Z" as a DateTime) fails validation, but it is
  // the same mistake as the same value in a variable: BAD_USER_INPUT, which the router passes on.
  const cause = error instanceof GraphQLError ? error.originalError : undefined;
  if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && cause instanceof GraphQLError && cause.extensions?.code === ErrorCode.BAD_USER_INPUT) {
    return { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), extensions: { ...cause.extensions } };
  }
  if (failedForUnavailableDatabase(error)) {
    return {
      message: 'The database is unavailable right now. Please retry in a few seconds.',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
    };
  }
  if (isExposable(error)) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // The router names the subgraph that failed (not its address), so a client knows what is partial.
  const serviceName = formatted.extensions?.serviceName;
  return {
    message:
      typeof serviceName === 'string'
        ? `The ${serviceName} service could not answer this part of the request.`
        : 'Something went wrong on our side. Please try again.',
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(typeof serviceName === 'string' ? { serviceName } : {}) },
  };
}

/**
 * Logs every error that formatError will hide, with the request id, so it can be found. Errors
 * are described for the log (describeError): a database error never brings its statement, its
 * parameter values or its detail line along. An unreachable database is a warning per request.
 */
export function errorLoggingPlugin<TContext extends { requestId: string }>(logger: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isExposable(error)) continue;
            const fields = { requestId: contextValue.requestId, error: describeError(thrownError(error)), path: error.path };
            if (failedForUnavailableDatabase(error)) logger.warn('database unavailable', fields);
            else logger.error('unexpected error', fields);
          }
        },
      };
    },
  };
}
