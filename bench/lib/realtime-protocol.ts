// Messages between the realtime scenario and its WebSocket clients process (realtime-client-process.ts).
import type { TicketAccess } from './realtime-setup.ts';

/** One WebSocket client: whose connection it is and what it may receive. */
export interface ClientSpec {
  workspace: number;
  slug: string;
  userId: string;
  access: TicketAccess;
  /** `authorization: Bearer …`, or `cookie` + `origin` (cookie-authenticated upgrades must come from the app's origin). */
  headers: Record<string, string>;
}

/** A connection that must be refused (not signed in, or not a member): it must never see an event. */
export interface ProbeSpec {
  label: string;
  slug: string;
  headers: Record<string, string>;
}

export interface ProbeOutcome {
  label: string;
  /** Got `hello` or any event: a misdelivery risk. */
  admitted: boolean;
  /** The WebSocket close code, or `http <status>` when the upgrade was refused, or the error. */
  outcome: string;
}

/** Where each record lives and who it is assigned to, for judging every event a client receives. */
export interface TicketInfo {
  workspace: number;
  assigneeId: string | null;
}

/** A change the scenario made: ticket `ticketId`'s title became `Realtime bench #<id> t=<sentAt>`. */
export interface CommittedChange {
  id: number;
  ticketId: string;
}

export type ToClients =
  | {
      type: 'connect';
      /** ws://127.0.0.1:<port> */
      wsOrigin: string;
      clients: ClientSpec[];
      probes: ProbeSpec[];
      tickets: Array<[string, TicketInfo]>;
      /** Customer id → workspace index. */
      customers: Array<[string, number]>;
      /** Connections opened at once while ramping up. */
      concurrency: number;
    }
  | {
      type: 'finish';
      /** Changes that committed (the API answered 2xx, or the SQL transaction committed). */
      changes: CommittedChange[];
      /** Deliveries of changes sent before this time (ms since the epoch) are warm-up: not in the latency figures. */
      measureFrom: number;
      /** Stop waiting for stragglers after this long without a message (ms). */
      quietMs: number;
      /** …or after this long in all (ms). */
      maxWaitMs: number;
    };

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  samples: number;
}

export interface ClientsResult {
  type: 'result';
  /** Change sent → event received by a client, over every measured delivery. */
  latency: Percentiles | null;
  /** p95 of the latency of changes sent in each second of the measured window: bursts show up here. */
  latencyP95BySecond: number[];
  /** The event's `at` (when the server recorded it) → received: the fan-out part of the latency. */
  fromEventAt: Percentiles | null;
  /** Deliveries the clients should have had (every committed change × every client allowed to see it). */
  expected: number;
  delivered: number;
  /** Expected deliveries that never arrived. */
  lost: number;
  lostByAccess: Record<TicketAccess, number>;
  /** Events a client got for another workspace, a ticket not assigned to it (scope own), or anything with no access. */
  misdelivered: number;
  /** The first few misdeliveries, described. */
  misdeliveredExamples: string[];
  duplicates: number;
  /** Events that were not the bench's ticket changes (e.g. other triggers), checked for misdelivery all the same. */
  otherEvents: number;
  /** Clients whose connection closed before the end, by close code. */
  disconnects: Record<string, number>;
  /** The clients process's own event-loop delay: how much of the latency is the harness's. */
  loopDelayP99Ms: number;
}

export type FromClients =
  | { type: 'connected'; clients: number; failed: string[]; connectP50Ms: number; connectP95Ms: number; probes: ProbeOutcome[] }
  | ClientsResult
  | { type: 'error'; message: string };
