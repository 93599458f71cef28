// The peak resident memory of another process over a stretch of work, from Linux's /proc/<pid>/status.
import { readFileSync, writeFileSync } from 'node:fs';

export interface PeakRss {
  /** The highest resident set size seen, in bytes: the larger of the sampled VmRSS and (when it could be reset) VmHWM. */
  peakBytes: number;
  /** VmRSS when the watch started. */
  startBytes: number;
  /** VmRSS readings taken. */
  samples: number;
  /**
   * Whether VmHWM was reset at the start (writing 5 to /proc/<pid>/clear_refs, which needs permission over the
   * process): then it holds the true peak of the watch, including spikes between two samples. Otherwise VmHWM
   * would be the peak of the process's whole life (start-up included) and only the samples count.
   */
  hwmReset: boolean;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no ${field} for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Starts watching `pid` (VmRSS every `intervalMs`); `stop()` returns the peak. */
export function watchPeakRss(pid: number, intervalMs = 100): { stop: () => PeakRss } {
  let hwmReset = false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    hwmReset = true;
  } catch {
    // Not permitted (another user's process, or a kernel without it): the samples alone.
  }
  const startBytes = statusKb(pid, 'VmRSS');
  let peakBytes = startBytes;
  let samples = 1;
  const sample = () => {
    try {
      peakBytes = Math.max(peakBytes, statusKb(pid, 'VmRSS'));
      samples++;
    } catch {
      // The process ended: the caller's measurement fails on its own.
    }
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      if (hwmReset) peakBytes = Math.max(peakBytes, statusKb(pid, 'VmHWM'));
      return { peakBytes, startBytes, samples, hwmReset };
    },
  };
}
