import { EnvReader, readPlatformConfig, type Environment, type PlatformConfig } from '@marquee/platform';

export interface AuthConfig {
  platform: PlatformConfig;
  /** Private signing key: an Ed25519 JWK (JSON) or PKCS#8 PEM. Unset outside production: generated under dataDir. */
  signingKey?: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Failed logins per account from one client address per window. */
  loginMaxFailures: number;
  /** Failed logins per account from all addresses per window. */
  loginAccountMaxFailures: number;
  loginWindowSeconds: number;
  loginLockSeconds: number;
  adminEmail?: string;
  adminPassword?: string;
}

export function readAuthConfig(env: Environment = process.env): AuthConfig {
  const reader = new EnvReader(env);
  const platform = readPlatformConfig(reader);
  const signingKey = reader.optionalString('AUTH_SIGNING_KEY');
  if (platform.nodeEnv === 'production' && !signingKey) {
    reader.problem('AUTH_SIGNING_KEY must be set in production (an Ed25519 private JWK or PKCS#8 PEM)');
  }
  const adminEmail = reader.optionalString('ADMIN_EMAIL');
  const adminPassword = reader.optionalString('ADMIN_PASSWORD');
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    reader.problem('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  const config: AuthConfig = {
    platform,
    signingKey,
    accessTokenTtlSeconds: reader.int('ACCESS_TOKEN_TTL_SECONDS', 15 * 60, { min: 1 }),
    refreshTokenTtlSeconds: reader.int('REFRESH_TOKEN_TTL_SECONDS', 7 * 24 * 60 * 60, { min: 1 }),
    loginMaxFailures: reader.int('LOGIN_MAX_FAILURES', 5, { min: 1 }),
    loginAccountMaxFailures: reader.int('LOGIN_ACCOUNT_MAX_FAILURES', 50, { min: 1 }),
    loginWindowSeconds: reader.int('LOGIN_WINDOW_SECONDS', 15 * 60, { min: 1 }),
    loginLockSeconds: reader.int('LOGIN_LOCK_SECONDS', 15 * 60, { min: 1 }),
    adminEmail,
    adminPassword,
  };
  if (config.loginAccountMaxFailures < config.loginMaxFailures) {
    reader.problem('LOGIN_ACCOUNT_MAX_FAILURES must be at least LOGIN_MAX_FAILURES (it is the ceiling over all addresses)');
  }
  reader.done();
  return config;
}
