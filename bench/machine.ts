import { execFileSync } from 'node:child_process';
import os from 'node:os';
import pg from 'pg';
import type { MachineFacts } from './report.js';

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** 1, 5 and 15 minute load averages: above the CPU count, others were competing for the CPUs. */
export const loadAverage = (): string =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');

/** The facts a reader needs to weigh the numbers: runtime, hardware, and which database and Redis. */
export async function machineFacts(environment: { databaseUrl: string; postgresMode: string; redisMode: string }): Promise<MachineFacts> {
  const cpus = os.cpus();
  const client = new pg.Client({ connectionString: environment.databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('show server_version').finally(() => client.end());
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: gitCommit(),
    node: process.version,
    platform: `${os.type()} ${os.release()} (${os.arch()})`,
    cpus: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'} (available parallelism ${os.availableParallelism()})`,
    memory: `${gib(os.totalmem())} total, ${gib(os.freemem())} free at start`,
    loadAverage: loadAverage(),
    postgres: `${rows[0]?.server_version ?? 'unknown version'}, ${environment.postgresMode}`,
    redis: environment.redisMode,
  };
}
