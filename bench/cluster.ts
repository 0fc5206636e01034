/**
 * The supergraph as a deployment runs it: the compiled router and five subgraphs, each its own OS
 * process on a free loopback port, in production mode (generated ROUTER_SECRET and signing key),
 * against the machine's PostgreSQL and Redis under a fresh database prefix and Redis key prefix,
 * seeded with the demo data. Benchmarks drive it over HTTP and read each process's CPU time and
 * memory from /proc. `stop()` ends every process and removes the databases, keys and files.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { createLogger, dropDatabase, openSubgraphDatabase, type Environment } from '@marquee/platform';
import { subgraphModules } from '../scripts/subgraphs.js';
import { sampleProcess, type ProcessSample } from './proc.js';
import { startSqlCounter, type SqlCounter } from './sql-counter.js';

export { sampleProcess, startUsage, type ProcessSample, type UsageDelta } from './proc.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SUPERGRAPH = path.join(ROOT, 'schema', 'supergraph.graphql');
const READY_TIMEOUT_MS = 90_000;

export interface ClusterOptions {
  /** Run `npm run build` first (default true; false when dist/ is known fresh). */
  build?: boolean;
  /** Default: DATABASE_URL, else the machine's postgres://postgres@127.0.0.1:5432/postgres. */
  databaseUrl?: string;
  /** Default: REDIS_URL, else redis://127.0.0.1:6379. */
  redisUrl?: string;
  /** Add the demo data before the services start (default true). */
  seed?: boolean;
  /** Route the services' SQL through a counting relay (default true): `statements` below. */
  countStatements?: boolean;
  /** Start Marquee's router as process `router` (default true). More routers: `startRouter`. */
  router?: boolean;
  /** Extra environment for every service (e.g. limits); the generated secrets win. */
  env?: Environment;
  /** Extra node flags per service name (e.g. `--cpu-prof`). */
  nodeArgs?: Record<string, string[]>;
  /** LOG_LEVEL of the services (default warn); their output goes to files under `logDir`. */
  logLevel?: string;
}

export interface ClusterProcess {
  name: string;
  pid: number;
}

export interface StartedService extends ClusterProcess {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** SIGTERM, wait for a clean exit (SIGKILL after a while). */
  stop(): Promise<void>;
}

export interface Cluster {
  /** Marquee's router's /graphql (when `router` was not false). */
  routerUrl: string;
  /** Each subgraph's /graphql, by name. */
  subgraphUrls: Record<string, string>;
  /** Every running service process (the SQL relay is not listed). */
  processes: ClusterProcess[];
  /** The environment the services share, secrets included (ROUTER_SECRET for peers). */
  env: Environment;
  routerSecret: string;
  /** A copy of schema/supergraph.graphql whose subgraph URLs point at the processes above. */
  supergraphPath: string;
  /** Where each process writes its output (<name>.log). */
  logDir: string;
  /** SQL statements per subgraph, when counted. */
  statements?: {
    reset(): Promise<void>;
    snapshot(): Promise<Record<string, number>>;
  };
  /** Another router process over the same subgraphs (a variant with other settings). */
  startRouter(name: string, env?: Environment): Promise<StartedService>;
  /** Any other process to run beside the cluster (a peer gateway): ready when `readyPath` answers 200. */
  startProcess(name: string, command: { file: string; args: string[]; env?: Environment; port: number; readyPath: string }): Promise<StartedService>;
  /** CPU time and RSS of one process from /proc. */
  sample(pid: number): ProcessSample;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

async function signingKey(): Promise<string> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const { d: _private, ...publicPart } = jwk;
  return JSON.stringify({ ...jwk, kid: await calculateJwkThumbprint(publicPart) });
}

async function waitReady(child: ChildProcess, name: string, url: string, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-30).join('\n');
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} was not ready at ${url} within ${READY_TIMEOUT_MS} ms (log: ${logFile})`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const id = randomBytes(4).toString('hex');
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `marquee_bench_${id}`;
  const redisKeyPrefix = `marquee-bench:${id}:`;
  const workDir = await mkdtemp(path.join(tmpdir(), 'marquee-cluster-'));
  const logDir = path.join(workDir, 'logs');
  const children: { name: string; child: ChildProcess }[] = [];
  let counter: SqlCounter | undefined;

  const cleanup = async () => {
    for (const { child } of [...children].reverse()) await stopChild(child);
    await counter?.stop();
    for (const module of subgraphModules) await dropDatabase(databaseUrl, `${prefix}_${module.name}`).catch(() => {});
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisKeyPrefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    } catch {
      // Redis gone: nothing to clean
    } finally {
      redis.disconnect();
    }
    await rm(workDir, { recursive: true, force: true });
  };

  try {
    if (options.build !== false) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    await mkdir(logDir, { recursive: true });

    const logger = createLogger('error');
    if (options.seed !== false) {
      // The demo seed refuses production; it runs here, before the production processes start.
      for (const module of subgraphModules) {
        const orm = await openSubgraphDatabase(module.database, { platform: { databaseNamePrefix: prefix }, serverUrl: databaseUrl, logger });
        try {
          await module.seed?.(orm.em.fork());
        } finally {
          await orm.close();
        }
      }
    }
    if (options.countStatements !== false) counter = await startSqlCounter(databaseUrl);

    const routerSecret = randomBytes(32).toString('base64url');
    const ports = Object.fromEntries(await Promise.all(subgraphModules.map(async (module) => [module.name, await freePort()] as const)));
    const subgraphUrls = Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, `http://127.0.0.1:${port}/graphql`]));
    const supergraphPath = path.join(workDir, 'supergraph.graphql');
    const supergraph = (await readFile(SUPERGRAPH, 'utf8')).replace(
      /@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g,
      (whole, name: string) => (subgraphUrls[name] ? `@join__graph(name: "${name}", url: "${subgraphUrls[name]}")` : whole),
    );
    await writeFile(supergraphPath, supergraph);

    const { NODE_OPTIONS: _nodeOptions, ...outer } = process.env;
    const env: Environment = {
      ...outer,
      ...options.env,
      NODE_ENV: 'production',
      LOG_LEVEL: options.logLevel ?? 'warn',
      DATA_DIR: path.join(workDir, 'data'),
      DATABASE_URL: counter?.url ?? databaseUrl,
      DATABASE_NAME_PREFIX: prefix,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      ROUTER_SECRET: routerSecret,
      AUTH_JWKS_URL: `http://127.0.0.1:${ports.auth}/.well-known/jwks.json`,
      SUPERGRAPH_PATH: supergraphPath,
      SUPERGRAPH_WATCH: 'false',
      LANDING_PAGE: 'false',
      // Limits stay on (their counting is part of the cost) but above what one bench address sends.
      ROUTER_RATE_LIMIT: options.env?.ROUTER_RATE_LIMIT ?? '100000000',
      FOOD_ORDER_RATE_LIMIT: options.env?.FOOD_ORDER_RATE_LIMIT ?? '1000000',
      ...Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url])),
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [`${name.toUpperCase()}_PORT`, String(port)])),
    };
    // A benchmark may bring its own key, to sign the tokens of thousands of simulated users.
    const authEnv: Environment = { AUTH_SIGNING_KEY: options.env?.AUTH_SIGNING_KEY ?? (await signingKey()) };

    const launch = async (name: string, file: string, args: string[], extraEnv: Environment, port: number, readyPath: string): Promise<StartedService> => {
      const logFile = path.join(logDir, `${name}.log`);
      const out = createWriteStream(logFile);
      const child = spawn(file, args, { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.pipe(out);
      child.stderr?.pipe(out);
      children.push({ name, child });
      await waitReady(child, name, `http://127.0.0.1:${port}${readyPath}`, logFile);
      return {
        name,
        pid: child.pid ?? 0,
        baseUrl: `http://127.0.0.1:${port}`,
        async stop() {
          await stopChild(child);
          children.splice(children.findIndex((entry) => entry.child === child), 1);
        },
      };
    };
    const node = (name: string, script: string) => [...(options.nodeArgs?.[name] ?? []), path.join(ROOT, script)];

    // Auth first: the others fetch its JWKS. Then the other subgraphs together.
    const [authModule, ...others] = subgraphModules;
    if (!authModule) throw new Error('no subgraphs');
    const services: StartedService[] = [
      await launch('auth', process.execPath, node('auth', 'subgraphs/auth/dist/main.js'), authEnv, ports.auth ?? 0, '/ready'),
    ];
    services.push(
      ...(await Promise.all(
        others.map((module) =>
          launch(module.name, process.execPath, node(module.name, `subgraphs/${module.name}/dist/main.js`), {}, ports[module.name] ?? 0, '/ready'),
        ),
      )),
    );

    const startRouter = async (name: string, extraEnv: Environment = {}): Promise<StartedService> => {
      const port = await freePort();
      return launch(name, process.execPath, node(name, 'router/dist/main.js'), { ...extraEnv, ROUTER_PORT: String(port) }, port, '/ready');
    };
    // The scenarios measure routing and the subgraphs' work: the router's caches would answer repeats.
    const router = options.router === false ? undefined : await startRouter('router', { RESPONSE_CACHE: 'off', ENTITY_CACHE: 'off' });
    if (router) services.push(router);

    return {
      routerUrl: router ? `${router.baseUrl}/graphql` : '',
      subgraphUrls,
      processes: services.map(({ name, pid }) => ({ name, pid })),
      env,
      routerSecret,
      supergraphPath,
      logDir,
      statements: counter && {
        reset: () => (counter as SqlCounter).reset(),
        async snapshot() {
          const byDatabase = await (counter as SqlCounter).snapshot();
          const bySubgraph: Record<string, number> = {};
          for (const [database, count] of Object.entries(byDatabase)) {
            if (database.startsWith(`${prefix}_`)) bySubgraph[database.slice(prefix.length + 1)] = count;
          }
          return bySubgraph;
        },
      },
      startRouter,
      startProcess: (name, command) => launch(name, command.file, command.args, command.env ?? {}, command.port, command.readyPath),
      sample: sampleProcess,
      stop: cleanup,
    };
  } catch (error) {
    await cleanup().catch(() => {});
    throw error;
  }
}

