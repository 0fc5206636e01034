import { createLocalJWKSet } from 'jose';
import {
  createTokenVerifier,
  maxRootFieldOccurrences,
  startSubgraph,
  TokenRevocations,
  sendJson,
  type RunningSubgraph,
  type ServiceDependencies,
  type SubgraphModule,
} from '@marquee/platform';
import { readAuthConfig, type AuthConfig } from './config.js';
import { database } from './database.js';
import { createLoaders } from './loaders.js';
import { createResolvers } from './resolvers/index.js';
import { seedAuth } from './seed.js';
import { createAccessTokenIssuer } from './services/access-tokens.js';
import { LoginThrottle } from './services/login-throttle.js';
import { RefreshTokens } from './services/refresh-tokens.js';
import { Sessions } from './services/sessions.js';
import { loadSigningKey } from './services/signing-key.js';
import { ensureSuperAdmin } from './services/users.js';

export { readAuthConfig, type AuthConfig } from './config.js';
export { database } from './database.js';
export { seedAuth, DEMO_USERS } from './seed.js';

const SCHEMA_FILE = new URL('../../../schema/auth.graphql', import.meta.url);
export const JWKS_PATH = '/.well-known/jwks.json';

export async function createAuthService(config: AuthConfig, deps: ServiceDependencies): Promise<RunningSubgraph> {
  const logger = deps.logger.child({ service: 'auth' });
  const key = await loadSigningKey(config.signingKey, config.platform.dataDir, logger);
  const jwks = { keys: [key.publicJwk] };
  // Auth records revocations and, like every verifier, refuses revoked tokens.
  const revocations = new TokenRevocations({ kv: deps.kv, events: deps.events, logger });
  await revocations.start();
  const sessions = new Sessions(
    createAccessTokenIssuer({
      key,
      issuer: config.platform.jwtIssuer,
      audience: config.platform.jwtAudience,
      ttlSeconds: config.accessTokenTtlSeconds,
      notBefore: (userId) => revocations.notBefore(userId),
    }),
    new RefreshTokens(config.refreshTokenTtlSeconds),
    new LoginThrottle(deps.kv, {
      maxFailures: config.loginMaxFailures,
      accountMaxFailures: config.loginAccountMaxFailures,
      windowMs: config.loginWindowSeconds * 1000,
      lockMs: config.loginLockSeconds * 1000,
    }),
    revocations,
    config.accessTokenTtlSeconds,
  );
  const service = await startSubgraph({
    database,
    schemaFile: SCHEMA_FILE,
    platform: config.platform,
    deps,
    resolvers: createResolvers(sessions),
    createLoaders,
    // Auth verifies with its own public key: no HTTP round trip to itself.
    verifyToken: createTokenVerifier({
      keys: createLocalJWKSet(jwks),
      issuer: config.platform.jwtIssuer,
      audience: config.platform.jwtAudience,
      revocations,
    }),
    onStop: () => revocations.stop(),
    validationRules: [maxRootFieldOccurrences('login', 1)],
    routes: {
      [JWKS_PATH]: (_req, res) => sendJson(res, 200, jwks, { 'cache-control': 'public, max-age=300' }),
    },
  }).catch(async (error: unknown) => {
    await revocations.stop();
    throw error;
  });
  if (config.adminEmail && config.adminPassword) {
    await ensureSuperAdmin(service.orm.em.fork(), config.adminEmail, config.adminPassword);
    logger.info('super admin ensured', { email: config.adminEmail });
  }
  return service;
}

export const authSubgraph: SubgraphModule = {
  name: 'auth',
  defaultPort: 4001,
  database,
  readConfig: readAuthConfig,
  start: (env, deps) => createAuthService(readAuthConfig(env), deps),
  seed: seedAuth,
};
