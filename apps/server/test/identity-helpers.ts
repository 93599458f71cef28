import { createHmac, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../src/modules/identity/passwords.ts';

export const PASSWORD = 'correct-horse-battery-9';

/** A verified user with a password, written directly (sign-up itself is tested in identity.test.ts). */
export async function createUser(app: FastifyInstance, opts: { email?: string; name?: string; role?: 'admin' | 'user'; password?: string } = {}) {
  const id = randomUUID();
  const email = (opts.email ?? `u-${id.slice(0, 8)}@example.com`).toLowerCase();
  await app.db.owner.query(`INSERT INTO users (id, name, email, email_verified, role) VALUES ($1, $2, $3, true, $4)`, [id, opts.name ?? 'Test User', email, opts.role ?? 'user']);
  await app.db.owner.query(`INSERT INTO accounts (user_id, account_id, provider_id, password) VALUES ($1, $2, 'credential', $3)`, [id, id, await hashPassword(opts.password ?? PASSWORD)]);
  return { id, email };
}

export function cookieOf(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.map((c) => c.split(';')[0]).join('; ');
}

export async function signIn(app: FastifyInstance, email: string, password = PASSWORD, remoteAddress = '127.0.0.1') {
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email, password }, remoteAddress });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  return cookieOf(res.headers['set-cookie']);
}

/** A signed-in user: `as(cookie)` adds the session cookie to an inject call. */
export async function signedInUser(app: FastifyInstance, opts: Parameters<typeof createUser>[1] = {}) {
  const user = await createUser(app, opts);
  const cookie = await signIn(app, user.email, opts.password);
  return { ...user, cookie, headers: { cookie } };
}

export async function createWorkspace(app: FastifyInstance, cookie: string, name = `Acme ${randomUUID().slice(0, 6)}`) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: { cookie }, payload: { name } });
  if (res.statusCode !== 201) throw new Error(`create workspace failed: ${res.body}`);
  return res.json() as { id: string; slug: string; role: { id: string } };
}

export async function roleIds(app: FastifyInstance, cookie: string, slug: string): Promise<Record<string, string>> {
  const res = await app.inject({ url: `/api/v1/w/${slug}/roles`, headers: { cookie } });
  return Object.fromEntries((res.json().items as Array<{ key: string; id: string }>).map((r) => [r.key, r.id]));
}

/** Adds a user to a workspace with a role (directly, under the tenant context). */
export async function addMember(app: FastifyInstance, workspaceId: string, userId: string, roleKey: string) {
  await app.withTenant({ workspaceId }, ({ client }) =>
    client.query(`INSERT INTO memberships (workspace_id, user_id, role_id) SELECT $1, $2, id FROM roles WHERE workspace_id = $1 AND key = $3`, [workspaceId, userId, roleKey]),
  );
  app.clearAuthCache();
}

/** Latest dev-outbox mail to an address. */
export async function lastMailTo(app: FastifyInstance, email: string): Promise<{ subject: string; text: string } | undefined> {
  // Mail is handed off without waiting: give it a moment to land.
  for (let i = 0; i < 50; i++) {
    const { rows } = await app.db.owner.query('SELECT subject, text FROM mail_outbox WHERE $1 = ANY("to") ORDER BY created_at DESC LIMIT 1', [email]);
    if (rows[0]) return rows[0];
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

export const linkIn = (text: string, path: string) => {
  const m = new RegExp(`https?://[^\\s]*${path}[^\\s]*`).exec(text);
  if (!m) throw new Error(`no ${path} link in: ${text}`);
  return new URL(m[0]);
};

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) from an otpauth:// URI's base32 secret. */
export function totp(otpauthUri: string, at = Date.now()): string {
  const secret = new URL(otpauthUri).searchParams.get('secret') ?? '';
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1]! & 0xf;
  const code = ((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).toString();
  return code.padStart(6, '0');
}
