import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) a process has used, from /proc (Linux); 0 once it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * The CPU seconds of every PostgreSQL server process on this machine, by pid; with `database`, only
 * the processes working for that database (its backends and autovacuum workers, named in their
 * process titles), so that other work on a shared machine's PostgreSQL is not counted.
 */
export function postgresCpu(database?: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      if (
        database !== undefined &&
        !readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `)
      )
        continue;
    } catch {
      continue;
    }
    byPid.set(Number(entry), cpuSecondsOf(Number(entry)));
  }
  return byPid;
}

/** CPU seconds PostgreSQL used between two readings (backends started since count whole). */
export function postgresCpuBetween(
  before: Map<number, number>,
  after: Map<number, number>,
): number {
  let seconds = 0;
  for (const [pid, used] of after) seconds += used - (before.get(pid) ?? 0);
  return seconds;
}

/** A process's peak resident memory so far, in bytes (VmHWM in /proc, Linux); 0 once it is gone. */
export function peakRssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
