import { trace } from '@opentelemetry/api';
import { pino, stdTimeFunctions, type DestinationStream, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from './config.js';
import { currentRequestScope } from './telemetry/request-scope.js';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** `json` (one object a line, for collectors) or `pretty` (readable lines); default: pretty on a terminal. */
  format?: 'json' | 'pretty';
  /** Where lines go instead of stdout/stderr (tests). */
  destination?: DestinationStream;
}

const SECRET_KEYS = [
  'authorization',
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'routerSecret',
  'cookie',
  'set-cookie',
  'signingKey',
  'privateKey',
  // SQL parameters: a query's values may be any user's data.
  'params',
  'bindings',
];

/** Secrets under those names are replaced wherever they sit up to three levels deep. */
export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => {
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const tail = safe.startsWith('[') ? safe : `.${safe}`;
  return [safe, `*${tail}`, `*.*${tail}`];
});

/** Errors keep name, message and stack (for the log only; they never reach a client). */
function serializable(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}

/** The request and trace a line belongs to, read from the async context, so callers need not pass them. */
function correlation(): LogFields {
  const fields: LogFields = {};
  const scope = currentRequestScope();
  if (scope) fields.requestId = scope.requestId;
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext && spanContext.traceId !== '00000000000000000000000000000000') {
    fields.traceId = spanContext.traceId;
    fields.spanId = spanContext.spanId;
  }
  return fields;
}

function destinationFor(format: 'json' | 'pretty'): DestinationStream {
  if (format === 'pretty') {
    return pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true });
  }
  // Warnings and errors on stderr, the rest on stdout, as log collectors and shells expect.
  return pino.multistream(
    [
      { level: 'debug', stream: process.stdout },
      { level: 'warn', stream: process.stderr },
    ],
    { dedupe: true },
  );
}

function wrap(instance: PinoLogger): Logger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: LogFields) => {
    if (!instance.isLevelEnabled(level)) return;
    if (fields) instance[level](serializable(fields), message);
    else instance[level](message);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => wrap(instance.child(serializable(fields))),
  };
}

/**
 * A child logger made on its first line, not before: most requests never log, and a pino child
 * (bindings, redaction) costs more than the request's own bookkeeping.
 */
export function lazyChild(parent: Logger, fields: LogFields): Logger {
  let child: Logger | undefined;
  const made = () => (child ??= parent.child(fields));
  return {
    debug: (message, more) => made().debug(message, more),
    info: (message, more) => made().info(message, more),
    warn: (message, more) => made().warn(message, more),
    error: (message, more) => made().error(message, more),
    child: (more) => made().child(more),
  };
}

/**
 * pino behind Marquee's logger interface: JSON lines in production and wherever stdout is not a
 * terminal, readable lines at a terminal (`npm start`). Every line carries the request id and
 * trace id of the request it was written for; secrets and SQL parameters are redacted.
 */
export function createLogger(level: LogLevel, base: LogFields = {}, options: LoggerOptions = {}): Logger {
  const format = options.format ?? (process.stdout.isTTY && process.env.NODE_ENV !== 'production' ? 'pretty' : 'json');
  const instance = pino(
    {
      level,
      base: serializable(base),
      timestamp: stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: { level: (label) => ({ level: label }) },
      mixin: correlation,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    level === 'silent' ? undefined : (options.destination ?? destinationFor(format)),
  );
  return wrap(instance);
}
