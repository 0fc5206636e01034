import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** Counts the SQL statements of processes that connect through it (see sql-counter-process.ts). */
export interface SqlCounter {
  /** The server URL to hand the services instead of the real one. */
  url: string;
  pid: number;
  reset(): Promise<void>;
  /** Statements per database since the last reset. */
  snapshot(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

function reply<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string } & T) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
  });
}

/** Starts the relay in front of `serverUrl` (a postgres:// URL; its credentials pass through). */
export async function startSqlCounter(serverUrl: string): Promise<SqlCounter> {
  const upstream = new URL(serverUrl);
  const child = fork(fileURLToPath(new URL('./sql-counter-process.ts', import.meta.url)), {
    env: { ...process.env, SQL_COUNTER_UPSTREAM: `postgres://${upstream.hostname}:${upstream.port || 5432}` },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await reply<{ port: number }>(child, 'listening');
  const url = new URL(serverUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    pid: child.pid ?? 0,
    async reset() {
      const done = reply(child, 'reset');
      child.send({ type: 'reset' });
      await done;
    },
    async snapshot() {
      const done = reply<{ counts: Record<string, number> }>(child, 'snapshot');
      child.send({ type: 'snapshot' });
      return (await done).counts;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}
