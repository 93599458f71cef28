import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root: apps/server/src/config.ts → ../../.. */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), 'must be a postgres:// or postgresql:// URL');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  APP_URL: z.url({ message: 'must be an absolute URL such as https://grip.example.com' }).optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_APP_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(5000),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v) && URL.canParse(v), 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Grip <no-reply@grip.local>'),
  STORAGE_URL: z
    .string()
    .refine((v) => /^(file|s3):\/\//.test(v) && URL.canParse(v), 'must be a file:// or s3:// URL')
    .optional(),
  REALTIME_ACCESS_CHECK_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(365).default(7),
  BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
  ATTACHMENT_MAX_MB: z.coerce.number().int().min(1).max(1024).default(10),
  IMPORT_MAX_MB: z.coerce.number().int().min(1).max(10240).default(1024),
  EXPORT_LINK_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  WORKSPACE_DELETION_GRACE_HOURS: z.coerce.number().int().min(0).max(8760).default(72),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  DATA_DIR: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_EMAIL: z.email({ message: 'must be an email address' }).optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').max(128).optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WEB_DIST: z.string().min(1).optional(),
  JOBS: z.enum(['inline', 'off'], { message: 'must be inline or off' }).default('inline'),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  appUrl: string;
  /** Owner connection (migrations, jobs). Unset: the embedded PostgreSQL is started. */
  databaseUrl: string | undefined;
  /** Connection for request work as the RLS-bound app role. Unset: derived from databaseUrl. */
  databaseAppUrl: string | undefined;
  databasePoolMax: number;
  embeddedPgPort: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  storageUrl: string;
  /** How often a live-update socket re-reads its user's access (a removed member stops receiving within it). */
  realtimeAccessCheckMs: number;
  /** Where backups are written (daily job, `npm run backup`, the admin console). */
  backupDir: string;
  backupRetention: { daily: number; weekly: number };
  /** Largest ticket attachment accepted, in bytes. */
  attachmentMaxBytes: number;
  /** Largest import file accepted, in bytes (IMPORT_MAX_MB, default 1024). */
  importMaxBytes: number;
  /** How long an export file and its download link are kept, in hours (EXPORT_LINK_HOURS, default 24). */
  exportLinkHours: number;
  /** Hours between confirming a workspace deletion and its purge (cancellable meanwhile). */
  workspaceDeletionGraceHours: number;
  logLevel: (typeof LOG_LEVELS)[number];
  dataDir: string;
  jobs: 'inline' | 'off';
  trustProxy: boolean;
  /** The first platform admin, created when none exists (generated password when unset). */
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** How long a session or membership lookup is reused by one instance (AUTH_CACHE_TTL_MS, default 5000; 0 = off). */
  authCacheTtlMs: number;
  /** The built web app served at `/` (apps/web/dist unless WEB_DIST says otherwise). */
  webDist: string;
  secrets: Secrets;
}

export interface Secrets {
  authSecret: string;
  /** Password of the `grip_app` role when Grip manages that role itself. */
  appDbPassword: string;
  /** Password of the embedded PostgreSQL's superuser (used only when DATABASE_URL is unset). */
  embeddedDbPassword: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment. Every wrong variable is reported, one line each. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const got = cleaned[name];
        const shown = /SECRET|PASSWORD|TOKEN|_URL$/.test(name) ? '' : ` (got "${got}")`;
        return `${name}: ${issue.message}${got === undefined ? '' : shown}`;
      }),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(ROOT_DIR, e.DATA_DIR ?? 'data');
  const secrets = loadSecrets(dataDir, e.AUTH_SECRET);
  return {
    port: e.PORT,
    host: e.HOST,
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    databaseAppUrl: e.DATABASE_APP_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    storageUrl: e.STORAGE_URL ?? `file://${path.join(dataDir, 'files')}`,
    attachmentMaxBytes: e.ATTACHMENT_MAX_MB * 1024 * 1024,
    importMaxBytes: e.IMPORT_MAX_MB * 1024 * 1024,
    exportLinkHours: e.EXPORT_LINK_HOURS,
    workspaceDeletionGraceHours: e.WORKSPACE_DELETION_GRACE_HOURS,
    backupDir: path.resolve(ROOT_DIR, e.BACKUP_DIR ?? path.join(dataDir, 'backups')),
    backupRetention: { daily: e.BACKUP_KEEP_DAILY, weekly: e.BACKUP_KEEP_WEEKLY },
    realtimeAccessCheckMs: e.REALTIME_ACCESS_CHECK_MS,
    logLevel: e.LOG_LEVEL,
    dataDir,
    jobs: e.JOBS,
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    authCacheTtlMs: e.AUTH_CACHE_TTL_MS,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    webDist: path.resolve(ROOT_DIR, e.WEB_DIST ?? 'apps/web/dist'),
    secrets,
  };
}

/**
 * Secrets not given in the environment are generated once and kept in `<DATA_DIR>/secrets.json` (mode 0600),
 * so there is never a default secret in code and restarts keep sessions valid.
 */
function loadSecrets(dataDir: string, authSecretFromEnv: string | undefined): Secrets {
  const file = path.join(dataDir, 'secrets.json');
  let stored: Partial<Secrets> = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
    } catch {
      throw new ConfigError([`${file}: is not valid JSON; fix it or remove it to generate new secrets`]);
    }
  }
  const generated: Secrets = {
    authSecret: stored.authSecret ?? randomBytes(32).toString('base64url'),
    appDbPassword: stored.appDbPassword ?? randomBytes(24).toString('base64url'),
    embeddedDbPassword: stored.embeddedDbPassword ?? randomBytes(24).toString('base64url'),
  };
  if (Object.keys(generated).some((k) => stored[k as keyof Secrets] === undefined)) {
    try {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600 });
    } catch (err) {
      throw new ConfigError([`DATA_DIR: cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
    }
  }
  return { ...generated, authSecret: authSecretFromEnv ?? generated.authSecret };
}
