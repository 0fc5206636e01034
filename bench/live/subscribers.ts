import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Command } from './subscriber-process.js';

/** The subscribers' process (bench/live/subscriber-process.ts), forked, and asked over IPC. */
export class Subscribers {
  private constructor(private readonly child: ChildProcess) {}

  static async start(routerUrl: string, execArgv: string[] = []): Promise<Subscribers> {
    const child = fork(fileURLToPath(new URL('./subscriber-process.ts', import.meta.url)), [routerUrl.replace(/^http/, 'ws')], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=4096', ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await once(child, 'message');
    return new Subscribers(child);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  async ask<T>(command: Command): Promise<T> {
    const answer = once(this.child, 'message') as Promise<[T]>;
    this.child.send(command);
    return (await answer)[0];
  }

  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await once(this.child, 'exit').catch(() => {});
  }
}
