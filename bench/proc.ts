import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time and resident memory of one process, read from /proc (Linux). */
export interface ProcessSample {
  pid: number;
  /** User + system CPU time the process has used since it started, in milliseconds. */
  cpuMs: number;
  /** Resident set size now, in bytes. */
  rssBytes: number;
  /** Peak resident set size so far (VmHWM), in bytes. */
  peakRssBytes: number;
}

let ticksPerSecond: number | undefined;

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (almost always 100). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function statusKilobytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Samples `pid` now. Throws when the process is gone. */
export function sampleProcess(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    pid,
    cpuMs: ((utime + stime) * 1000) / clockTicks(),
    rssBytes: statusKilobytes(status, 'VmRSS'),
    peakRssBytes: statusKilobytes(status, 'VmHWM'),
  };
}

/** CPU used by each named process between two samplings, in milliseconds, and the RSS at the end. */
export interface UsageDelta {
  cpuMs: Record<string, number>;
  rssBytes: Record<string, number>;
}

/** Takes a sample of every process now; `finish()` returns what each used since. */
export function startUsage(processes: { name: string; pid: number }[]): { finish(): UsageDelta } {
  const before = new Map(processes.map(({ name, pid }) => [name, sampleProcess(pid)]));
  return {
    finish() {
      const cpuMs: Record<string, number> = {};
      const rssBytes: Record<string, number> = {};
      for (const { name, pid } of processes) {
        const after = sampleProcess(pid);
        cpuMs[name] = after.cpuMs - (before.get(name)?.cpuMs ?? after.cpuMs);
        rssBytes[name] = after.rssBytes;
      }
      return { cpuMs, rssBytes };
    },
  };
}
