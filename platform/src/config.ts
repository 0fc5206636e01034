/**
 * Typed configuration read from the environment once, at start. Every reader records a
 * problem instead of throwing on the first one, so a misconfigured service names all of
 * its mistakes in one message.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export type Environment = Record<string, string | undefined>;

/** The problems a config reader found, or none: lets one start collect several readers' problems. */
export function configProblems(read: () => unknown): string[] {
  try {
    read();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** Throws one ConfigError naming every distinct problem of the readers given. */
export function assertValidConfig(...reads: (() => unknown)[]): void {
  const problems = [...new Set(reads.flatMap(configProblems))];
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Exit status for a configuration error (sysexits.h EX_CONFIG): the start was refused, not crashed. */
export const EXIT_CONFIG_ERROR = 78;

/**
 * A process entry point's last word on a bad configuration: one plain message on stderr naming
 * every wrong variable, no stack trace, and a non-zero exit. Anything else is rethrown.
 */
export function exitOnConfigError(service: string, error: unknown): never {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(
    `${service} cannot start: its configuration is invalid. Fix these environment variables:\n  - ${error.problems.join('\n  - ')}\n`,
  );
  process.exit(EXIT_CONFIG_ERROR);
}

export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Environment = process.env) {}

  string(name: string, fallback: string): string {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? fallback : raw;
  }

  optionalString(name: string): string | undefined {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? undefined : raw;
  }

  int(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
    const raw = this.optionalString(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  url(name: string, fallback?: string): string | undefined {
    const raw = this.optionalString(name) ?? fallback;
    if (raw === undefined) return undefined;
    try {
      new URL(raw);
    } catch {
      this.problems.push(`${name} must be a URL, got "${raw}"`);
    }
    return raw;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optionalString(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
      return fallback;
    }
    return raw as T;
  }

  /** Records a problem found by a check that spans several variables. */
  problem(message: string): void {
    this.problems.push(message);
  }

  /** Throws one ConfigError listing every problem seen so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

export const NODE_ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Settings every service shares. */
export interface PlatformConfig {
  nodeEnv: NodeEnvironment;
  logLevel: LogLevel;
  /** Directory for embedded PostgreSQL data and development keys. */
  dataDir: string;
  /** A PostgreSQL server URL; each subgraph creates and uses its own database on it. Unset: embedded. */
  databaseUrl?: string;
  /** Prefix of each subgraph's database name: `<prefix>_<subgraph>`. */
  databaseNamePrefix: string;
  embeddedPostgresPort: number;
  /** Unset: events, rate limits and caches live in process. */
  redisUrl?: string;
  redisKeyPrefix: string;
  /** Shared secret the router sends and every subgraph requires. */
  routerSecret?: string;
  jwtIssuer: string;
  jwtAudience: string;
  authJwksUrl: string;
  /** Answer introspection queries (__schema, __type). Off in production unless INTROSPECTION=true. */
  introspection: boolean;
  /** Keep "Did you mean ...?" in validation messages. Off in production unless FIELD_SUGGESTIONS=true. */
  fieldSuggestions: boolean;
  /** Interface every service binds to unless `<NAME>_HOST` says otherwise: loopback by default. */
  host: string;
}

export function readPlatformConfig(reader: EnvReader): PlatformConfig {
  const nodeEnv = reader.oneOf('NODE_ENV', NODE_ENVIRONMENTS, 'development');
  const routerSecret = reader.optionalString('ROUTER_SECRET');
  if (nodeEnv === 'production') {
    if (!routerSecret || routerSecret.length < 32) {
      reader.problem('ROUTER_SECRET must be set to at least 32 characters in production');
    }
  }
  return {
    nodeEnv,
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    dataDir: reader.string('DATA_DIR', '.data'),
    databaseUrl: reader.url('DATABASE_URL'),
    databaseNamePrefix: reader.string('DATABASE_NAME_PREFIX', 'marquee'),
    embeddedPostgresPort: reader.int('EMBEDDED_POSTGRES_PORT', 54329, { min: 1, max: 65535 }),
    redisUrl: reader.url('REDIS_URL'),
    redisKeyPrefix: reader.string('REDIS_KEY_PREFIX', 'marquee:'),
    routerSecret,
    jwtIssuer: reader.string('JWT_ISSUER', 'marquee-auth'),
    jwtAudience: reader.string('JWT_AUDIENCE', 'marquee'),
    authJwksUrl: reader.url('AUTH_JWKS_URL', 'http://localhost:4001/.well-known/jwks.json') as string,
    // Both reveal the schema to anyone who asks: on while developing, off in production unless chosen.
    introspection: reader.oneOf('INTROSPECTION', ['true', 'false'], nodeEnv === 'production' ? 'false' : 'true') === 'true',
    fieldSuggestions: reader.oneOf('FIELD_SUGGESTIONS', ['true', 'false'], nodeEnv === 'production' ? 'false' : 'true') === 'true',
    // Loopback unless told: a service is reachable from elsewhere only when someone chose so
    // (Docker sets HOST=0.0.0.0 on its private network).
    host: reader.string('HOST', '127.0.0.1'),
  };
}

/** The address service `name` binds to: `<NAME>_HOST`, else HOST, else loopback. */
export function bindHost(env: Environment, name: string, platform: Pick<PlatformConfig, 'host'>): string {
  const own = env[`${name.toUpperCase()}_HOST`];
  return own === undefined || own === '' ? platform.host : own;
}
