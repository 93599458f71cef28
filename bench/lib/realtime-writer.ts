// The realtime scenario's load: changes at a fixed rate (open loop: a slow answer does not slow the schedule, up
// to a cap of changes in flight), each stamped with the time it was sent so a client can tell how late it hears.
import type { CommittedChange } from './realtime-protocol.ts';
import { percentiles } from './stats.ts';

/** Milliseconds since the epoch, with sub-millisecond precision (comparable across processes on one machine). */
export const preciseNow = () => performance.timeOrigin + performance.now();

/** The title a change gives its ticket; realtime-client-process.ts reads the change id and send time back from it. */
export const changeTitle = (id: number, sentAt: number) => `Realtime bench #${id} t=${sentAt.toFixed(1)}`;

export interface PaceOptions {
  changesPerS: number;
  warmupMs: number;
  durationMs: number;
  maxInFlight: number;
  /** The ticket change `id` touches. */
  ticketOf: (id: number) => string;
  /** Makes the change; throws (with a short reason as message) when it did not commit. */
  write: (change: { id: number; ticketId: string; title: string }) => Promise<void>;
}

export interface PaceResult {
  committed: CommittedChange[];
  /** Failed changes by reason. */
  failures: Record<string, number>;
  /** Changes sent from here on are measured (ms since the epoch). */
  measureFrom: number;
  /** Committed changes sent in the measured window. */
  measuredChanges: number;
  /** Time from sending a change to its answer (commit), measured window only. */
  writeMs: number[];
  /** p95 of `writeMs` of the changes sent in each second of the measured window. */
  writeP95BySecond: number[];
  /** Changes the schedule could not send on time because `maxInFlight` were still open. */
  late: number;
}

export async function paceChanges(opts: PaceOptions): Promise<PaceResult> {
  const interval = 1000 / opts.changesPerS;
  const start = preciseNow();
  const measureFrom = start + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  const committed: CommittedChange[] = [];
  const failures: Record<string, number> = {};
  const writeMs: number[] = [];
  const bySecond: number[][] = [];
  const inFlight = new Set<Promise<void>>();
  let measuredChanges = 0;
  let late = 0;

  const launch = (id: number) => {
    const ticketId = opts.ticketOf(id);
    const sentAt = preciseNow();
    const work = opts.write({ id, ticketId, title: changeTitle(id, sentAt) }).then(
      () => {
        committed.push({ id, ticketId });
        if (sentAt >= measureFrom) {
          measuredChanges++;
          const took = preciseNow() - sentAt;
          writeMs.push(took);
          (bySecond[Math.floor((sentAt - measureFrom) / 1000)] ??= []).push(took);
        }
      },
      (err: unknown) => {
        const reason = err instanceof Error ? err.message : String(err);
        failures[reason] = (failures[reason] ?? 0) + 1;
      },
    );
    const tracked = work.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  for (let id = 0; ; id++) {
    const due = start + id * interval;
    if (due >= end) break;
    const wait = due - preciseNow();
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight.size >= opts.maxInFlight) {
      late++;
      while (inFlight.size >= opts.maxInFlight) await Promise.race(inFlight);
      if (preciseNow() >= end) break;
    }
    launch(id);
  }
  await Promise.all(inFlight);
  committed.sort((a, b) => a.id - b.id);
  const writeP95BySecond = Array.from(bySecond, (xs) => (xs?.length ? percentiles(xs, [95])[0]! : 0));
  return { committed, failures, measureFrom, measuredChanges, writeMs, writeP95BySecond, late };
}
