import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { dropDatabase } from '@marquee/platform';

/**
 * A service run alone (as in Docker) must stop on SIGTERM by itself, exit 0 and not wait for a
 * SIGKILL. Production mode, where Apollo would otherwise install signal handlers of its own.
 */
const prefix = `marquee_shutdown_${randomBytes(4).toString('hex')}`;
afterAll(() => dropDatabase(process.env.DATABASE_URL as string, `${prefix}_catalog`));

async function runAndStop(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=marquee-source', entry], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      ROUTER_SECRET: randomBytes(32).toString('hex'),
      DATABASE_NAME_PREFIX: prefix,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"listening"')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`exited before listening:\n${output}`)));
  });
  await listening;
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

it('a subgraph run alone drains and exits 0 on SIGTERM', async () => {
  const { code, output } = await runAndStop('subgraphs/catalog/src/main.ts', { CATALOG_PORT: '0' });
  expect(output).toContain('"msg":"shutting down"');
  expect(code).toBe(0);
  // Nothing told it otherwise, so it listened on loopback only.
  expect(output).toContain('"address":"127.0.0.1"');
});

it('the router run alone drains and exits 0 on SIGTERM', async () => {
  const { code, output } = await runAndStop('router/src/main.ts', { ROUTER_PORT: '0', ROUTER_HOST: '127.0.0.2', AUTH_SIGNING_KEY: 'unused by the router' });
  expect(output).toContain('"msg":"shutting down"');
  expect(code).toBe(0);
  // The bind address is configurable per service.
  expect(output).toContain('"address":"127.0.0.2"');
});
