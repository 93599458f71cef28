import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { SignJWT, jwtVerify } from 'jose';
import { AppError } from '../../plugins/errors.ts';
import { recordPlatformAudit, type AuditMeta } from '../audit/audit.service.ts';

/** Access tokens live 15 minutes; refresh tokens 30 days, rotated on every use. */
export const ACCESS_TTL_S = 15 * 60;
export const REFRESH_TTL_S = 30 * 24 * 3600;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const keyFrom = (secret: string) => new Uint8Array(createHash('sha256').update(`grip-access-token:${secret}`).digest());

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

async function signAccess(secret: string, userId: string, sessionId: string): Promise<string> {
  return new SignJWT({ sid: sessionId, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TTL_S}s`)
    .sign(keyFrom(secret));
}

/** Verifies an access token; returns its session id and user id, or null. */
export async function verifyAccessToken(secret: string, token: string): Promise<{ userId: string; sessionId: string } | null> {
  try {
    const { payload } = await jwtVerify(token, keyFrom(secret), { algorithms: ['HS256'] });
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
    return { userId: payload.sub, sessionId: payload.sid };
  } catch {
    return null;
  }
}

async function insertRefresh(db: Pick<pg.PoolClient, 'query'>, familyId: string, sessionId: string, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO refresh_tokens (family_id, session_id, user_id, token_hash, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
    [familyId, sessionId, userId, sha256(token), REFRESH_TTL_S],
  );
  return token;
}

/** Starts a token family for a session that was just created by a password sign-in. */
export async function issueTokenPair(pool: pg.Pool, secret: string, sessionId: string, userId: string): Promise<TokenPair> {
  const refreshToken = await insertRefresh(pool, randomUUID(), sessionId, userId);
  return {
    tokenType: 'Bearer',
    accessToken: await signAccess(secret, userId, sessionId),
    expiresIn: ACCESS_TTL_S,
    refreshToken,
    refreshExpiresIn: REFRESH_TTL_S,
  };
}

/**
 * Rotates a refresh token. A token that was already used means it was copied: the whole family is revoked and
 * its session deleted, so neither the thief nor the victim keeps access, and the event is audited.
 */
export async function rotateRefreshToken(pool: pg.Pool, secret: string, refreshToken: string, meta: AuditMeta): Promise<TokenPair> {
  const client = await pool.connect();
  let reuse: { familyId: string; userId: string } | null = null;
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{
      id: string;
      familyId: string;
      sessionId: string;
      userId: string;
      used: boolean;
      dead: boolean;
    }>(
      `SELECT r.id, r.family_id AS "familyId", r.session_id AS "sessionId", r.user_id AS "userId",
              r.used_at IS NOT NULL AS used,
              (r.revoked_at IS NOT NULL OR r.expires_at <= now() OR s.expires_at <= now() OR u.banned) AS dead
         FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id JOIN users u ON u.id = r.user_id
        WHERE r.token_hash = $1 FOR UPDATE OF r`,
      [sha256(refreshToken)],
    );
    const row = rows[0];
    if (!row || row.dead) {
      await client.query('ROLLBACK');
      throw new AppError('invalid_refresh_token', 'The refresh token is invalid or expired; sign in again', 401);
    }
    if (row.used) {
      await client.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [row.familyId]);
      await client.query('DELETE FROM sessions WHERE id = $1', [row.sessionId]);
      await client.query('COMMIT');
      reuse = { familyId: row.familyId, userId: row.userId };
    } else {
      await client.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [row.id]);
      const next = await insertRefresh(client, row.familyId, row.sessionId, row.userId);
      await client.query('COMMIT');
      return {
        tokenType: 'Bearer',
        accessToken: await signAccess(secret, row.userId, row.sessionId),
        expiresIn: ACCESS_TTL_S,
        refreshToken: next,
        refreshExpiresIn: REFRESH_TTL_S,
      };
    }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  await recordPlatformAudit(pool, { ...meta, actorUserId: reuse.userId }, {
    action: 'auth.refresh_token_reused',
    entityType: 'session_family',
    entityId: reuse.familyId,
  });
  throw new AppError('refresh_token_reused', 'This refresh token was already used; the session has been ended. Sign in again', 401);
}
