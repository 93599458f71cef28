import { useSyncExternalStore } from 'react';

/**
 * The live connection as the user should understand it: `connecting` (first attempt), `live` (changes arrive),
 * `reconnecting` (lost, trying again), `offline` (no network, or the server refused: changes wait for the return).
 */
export type RealtimeStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

// One workspace connection at a time (the workspace layout holds it); null outside a workspace.
let current: RealtimeStatus | null = null;
const listeners = new Set<() => void>();

export function setRealtimeStatus(status: RealtimeStatus | null): void {
  if (status === current) return;
  current = status;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => current;

/** The live connection's status; null when none is open (outside a workspace). */
export function useRealtimeStatus(): RealtimeStatus | null {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
