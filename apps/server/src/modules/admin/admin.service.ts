import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { decodeCursor, isTimeIdCursor, toPage } from '../../lib/cursor.ts';
import { notFound } from '../../plugins/errors.ts';
import { recordPlatformAudit, type AuditMeta } from '../audit/audit.service.ts';
import { hashPassword } from '../identity/identity.service.ts';

type Q = Pick<pg.PoolClient, 'query'>;

/**
 * The first platform admin. Created once, when no admin exists: with ADMIN_EMAIL/ADMIN_PASSWORD when given,
 * otherwise admin@grip.local with a generated password that is shown once and kept in DATA_DIR (0600).
 */
export async function ensureInitialAdmin(db: Q, opts: { email?: string; password?: string; dataDir: string }): Promise<string[]> {
  const existing = await db.query<{ email: string }>("SELECT email FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1");
  const file = path.join(opts.dataDir, 'initial-admin-password.txt');
  if (existing.rows[0]) {
    const hint = existsSync(file) ? ` (initial password in ${file})` : '';
    return [`Admin:             ${existing.rows[0].email}${hint}`];
  }
  const email = (opts.email ?? 'admin@grip.local').toLowerCase();
  const password = opts.password ?? randomBytes(12).toString('base64url');
  await upsertAdmin(db, email, password);
  if (opts.password) return [`Admin:             ${email} (password from ADMIN_PASSWORD)`];
  writeFileSync(file, `${email}\n${password}\n`, { mode: 0o600 });
  return [`Admin:             ${email}  password: ${password}  (shown once; also in ${file} — change it after signing in)`];
}

/**
 * Makes `email` a platform admin: promotes (and verifies) an existing account, or creates one. With a password,
 * that becomes the account's password. Used by the first start and by `npm run create-admin`.
 */
export async function upsertAdmin(db: Q, email: string, password: string | undefined): Promise<'created' | 'promoted'> {
  const { rows: found } = await db.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [email]);
  if (!found[0] && !password) throw new Error('A new admin needs a password');
  const userId = found[0]?.id ?? randomUUID();
  if (found[0]) {
    const promoted = await db.query("UPDATE users SET role = 'admin', email_verified = true, banned = false, updated_at = now() WHERE id = $1 AND role <> 'admin'", [userId]);
    // A privilege change re-issues sessions: the old ones end, the next sign-in carries the new role.
    if (promoted.rowCount) await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }
  else await db.query("INSERT INTO users (id, name, email, email_verified, role) VALUES ($1, 'Administrator', lower($2), true, 'admin')", [userId, email]);
  if (password) {
    const hash = await hashPassword(password);
    const updated = await db.query("UPDATE accounts SET password = $2, updated_at = now() WHERE user_id = $1 AND provider_id = 'credential'", [userId, hash]);
    if (!updated.rowCount) await db.query("INSERT INTO accounts (user_id, account_id, provider_id, password) VALUES ($1, $2, 'credential', $3)", [userId, userId, hash]);
  }
  return found[0] ? 'promoted' : 'created';
}

export async function listUsers(pool: pg.Pool, q: { search?: string; limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor, isTimeIdCursor);
  const { rows } = await pool.query(
    `SELECT id, name, email, role, banned, email_verified AS "emailVerified", created_at AS "createdAt" FROM users
      WHERE ($1::text IS NULL OR email ILIKE '%' || $1 || '%' OR name ILIKE '%' || $1 || '%')
        AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [q.search ?? null, after?.[0] ?? null, after?.[1] ?? null, q.limit + 1],
  );
  return toPage(rows.map((r) => ({ ...r, createdAt: (r.createdAt as Date).toISOString() })), q.limit, (l) => [l.createdAt, l.id]);
}

/** Disabling a user ends every session and refresh token family at once. */
export async function setUserDisabled(pool: pg.Pool, userId: string, disabled: boolean, meta: AuditMeta) {
  const { rows } = await pool.query(
    `UPDATE users SET banned = $2, ban_reason = CASE WHEN $2 THEN 'disabled by an administrator' END, updated_at = now() WHERE id = $1
     RETURNING id, name, email, role, banned, email_verified AS "emailVerified", created_at AS "createdAt"`,
    [userId, disabled],
  );
  if (!rows[0]) throw notFound('User');
  if (disabled) await pool.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  await recordPlatformAudit(pool, meta, { action: disabled ? 'user.disabled' : 'user.enabled', entityType: 'user', entityId: userId, after: { email: rows[0].email } });
  return { ...rows[0], createdAt: (rows[0].createdAt as Date).toISOString() };
}

/**
 * Workspaces across the installation with member counts. Counting members crosses tenants, so this one
 * read-only query runs on the owner's pool; it returns no tenant data beyond the count.
 */
export async function listWorkspaces(owner: pg.Pool, q: { limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor, isTimeIdCursor);
  const { rows } = await owner.query(
    `SELECT w.id, w.slug, w.name, w.disabled_at AS "disabledAt", w.created_at AS "createdAt",
            (SELECT count(*)::int FROM memberships m WHERE m.workspace_id = w.id) AS "memberCount"
       FROM workspaces w WHERE ($1::timestamptz IS NULL OR (w.created_at, w.id) < ($1, $2::uuid))
      ORDER BY w.created_at DESC, w.id DESC LIMIT $3`,
    [after?.[0] ?? null, after?.[1] ?? null, q.limit + 1],
  );
  return toPage(rows.map((r) => ({ ...r, createdAt: (r.createdAt as Date).toISOString(), disabledAt: r.disabledAt ? (r.disabledAt as Date).toISOString() : null })), q.limit, (l) => [l.createdAt, l.id]);
}

export async function setWorkspaceDisabled(pool: pg.Pool, workspaceId: string, disabled: boolean, meta: AuditMeta) {
  const { rowCount } = await pool.query('UPDATE workspaces SET disabled_at = CASE WHEN $2 THEN now() END, updated_at = now() WHERE id = $1', [workspaceId, disabled]);
  if (!rowCount) throw notFound('Workspace');
  await recordPlatformAudit(pool, meta, { action: disabled ? 'workspace.disabled' : 'workspace.enabled', entityType: 'workspace', entityId: workspaceId });
}

export async function listMail(pool: pg.Pool, q: { to?: string; limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor, isTimeIdCursor);
  const { rows } = await pool.query(
    `SELECT id, "to", subject, text, created_at AS "createdAt" FROM mail_outbox
      WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM unnest("to") t WHERE t ILIKE '%' || $1 || '%'))
        AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [q.to ?? null, after?.[0] ?? null, after?.[1] ?? null, q.limit + 1],
  );
  return toPage(rows.map((r) => ({ ...r, createdAt: (r.createdAt as Date).toISOString() })), q.limit, (l) => [l.createdAt, l.id]);
}
