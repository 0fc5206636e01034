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
  };
}
