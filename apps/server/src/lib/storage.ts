import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable, Transform } from 'node:stream';
import { fileURLToPath } from 'node:url';

/**
 * Private file storage. Keys are generated here (`<workspace>/<uuid>`), never taken from a client's file name,
 * so no upload can choose where it lands. Files are served only through authorised routes.
 */
export interface Storage {
  /** Streams `source` (through `inspect`, which may throw to reject it) into a new object; returns its key. */
  put(workspaceId: string, source: Readable, inspect?: Transform): Promise<string>;
  read(key: string): Readable;
  size(key: string): Promise<number>;
  remove(key: string): Promise<void>;
  /** Removes every object of a workspace (its whole directory); nothing to remove is not an error. */
  removeWorkspace(workspaceId: string): Promise<void>;
}

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;
const WORKSPACE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Local disk under the directory of a `file://` URL (S3-compatible storage is not built yet). */
export function createStorage(url: string): Storage {
  const u = new URL(url);
  if (u.protocol !== 'file:') throw new Error(`STORAGE_URL: only file:// storage is supported so far, got ${u.protocol}`);
  const root = fileURLToPath(u);
  const fileOf = (key: string) => {
    if (!KEY.test(key)) throw new Error('storage: malformed key');
    return path.join(root, key);
  };
  return {
    async put(workspaceId, source, inspect) {
      const key = `${workspaceId}/${randomUUID()}`;
      if (!KEY.test(key)) throw new Error('storage: workspace id must be a UUID');
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const partial = `${file}.partial`;
      try {
        if (inspect) await pipeline(source, inspect, createWriteStream(partial, { mode: 0o600 }));
        else await pipeline(source, createWriteStream(partial, { mode: 0o600 }));
        await rename(partial, file);
      } catch (err) {
        await rm(partial, { force: true });
        throw err;
      }
      return key;
    },
    read: (key) => createReadStream(fileOf(key)),
    size: async (key) => (await stat(fileOf(key))).size,
    remove: (key) => rm(fileOf(key), { force: true }),
    removeWorkspace: (workspaceId) => {
      // Strictly a UUID: never a path that could reach outside the root (or the root itself).
      if (!WORKSPACE.test(workspaceId)) throw new Error('storage: workspace id must be a UUID');
      return rm(path.join(root, workspaceId), { recursive: true, force: true });
    },
  };
}
