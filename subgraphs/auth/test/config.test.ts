import { ConfigError } from '@marquee/platform';
import { readAuthConfig } from '../src/config.js';

describe('auth configuration', () => {
  it('refuses to start in production without a signing key or a strong router secret, naming both', () => {
    let error: unknown;
    try {
      readAuthConfig({ NODE_ENV: 'production', ROUTER_SECRET: 'dev' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/AUTH_SIGNING_KEY/);
    expect(problems).toMatch(/ROUTER_SECRET/);
  });

  it('names every malformed variable in one message', () => {
    let message = '';
    try {
      readAuthConfig({ ACCESS_TOKEN_TTL_SECONDS: 'soon', DATABASE_URL: 'not a url', ADMIN_EMAIL: 'a@b.c' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ['ACCESS_TOKEN_TTL_SECONDS', 'DATABASE_URL', 'ADMIN_PASSWORD']) expect(message).toContain(name);
  });

  it('has safe defaults for development', () => {
    const config = readAuthConfig({});
    expect(config).toMatchObject({ accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 604_800, loginMaxFailures: 5 });
    expect(config.platform.nodeEnv).toBe('development');
    expect(config.platform.databaseUrl).toBeUndefined();
  });
});
