// The entry of a worker thread when the server runs from its TypeScript sources (tests, `tsx`): registers tsx in
// the thread (a Worker does not inherit the parent's loader hooks on Node 20), then loads the real entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
