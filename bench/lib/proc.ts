// Memory and CPU of processes and of the machine, read from Linux's /proc (the bench runs on Linux).
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second for /proc CPU times (USER_HZ; 100 on every mainstream Linux). */
const TICKS_PER_S = 100;

/** Resident set size of a process, in bytes (`VmRSS` of /proc/<pid>/status). */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at state (field 3); utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** Busy and total CPU ticks of the whole machine (all cores), for the share of time it was busy between two reads. */
export function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((s, v) => s + v, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

function childrenOf(pid: number): number[] {
  const pids: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (children) pids.push(...children.split(' ').map(Number));
    }
  } catch {
    // the process ended meanwhile
  }
  return pids;
}

/** Ids of this process's direct children whose command line contains `needle` (e.g. a server script's path). */
export function childPids(needle: string): number[] {
  return childrenOf(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
    } catch {
      return false; // gone already
    }
  });
}

/**
 * CPU seconds used so far by this process and all its descendants (the servers, the embedded PostgreSQL and its
 * backends): set against the machine's busy time, what is left is other people's load.
 */
export function treeCpuSeconds(): number {
  let total = 0;
  const pending = [process.pid];
  while (pending.length) {
    const pid = pending.pop()!;
    try {
      total += cpuSeconds(pid);
    } catch {
      continue; // ended meanwhile
    }
    pending.push(...childrenOf(pid));
  }
  return total;
}
