import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type pg from 'pg';
import { fileTypeFromBuffer } from 'file-type';
import { ATTACHMENT_TYPES, type Attachment, type TicketMessage } from '@grip/contracts/tickets';
import { tenantRead, withTenant } from '../../db/tenant.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { decodeCursor, fieldError, isTimeIdCursor, toPage } from '../../lib/cursor.ts';
import type { Storage } from '../../lib/storage.ts';
import { recordAudit, type AuditMeta } from '../audit/audit.service.ts';
import type { Caller } from '../customers/customers.service.ts';
import { getTicket } from './tickets.service.ts';
import { findTicket } from './tickets.repository.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const SNIFF_BYTES = 4100;

const ATTACHMENT_COLUMNS = `a.id, a.filename, a.content_type AS "contentType", a.size, a.created_at AS "createdAt"`;
type AttachmentRow = Omit<Attachment, 'createdAt'> & { createdAt: Date | string };
const toAttachment = (r: AttachmentRow): Attachment => ({ ...r, createdAt: new Date(r.createdAt).toISOString() });

/** Locks a ticket the caller may work on (scope own: assigned to them). */
async function lockWorkable(client: Pick<pg.PoolClient, 'query'>, caller: Caller, ticketId: string) {
  const row = await findTicket(client, caller.workspaceId, ticketId, true);
  if (!row || (caller.scope === 'own' && row.assigneeId !== caller.userId)) throw notFound('Ticket');
  return row;
}

const MESSAGE_SELECT = `SELECT m.id, m.internal, m.body, m.author_id AS "authorId", u.name AS "authorName", u.email AS "authorEmail", m.created_at AS "createdAt", m.created_at::text AS k,
    coalesce((SELECT json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size, 'createdAt', a.created_at) ORDER BY a.created_at)
                FROM ticket_attachments a WHERE a.workspace_id = m.workspace_id AND a.message_id = m.id), '[]') AS attachments
  FROM ticket_messages m LEFT JOIN users u ON u.id = m.author_id`;
interface MessageRow {
  id: string;
  internal: boolean;
  body: string;
  authorId: string | null;
  authorName: string | null;
  authorEmail: string | null;
  attachments: AttachmentRow[];
  createdAt: Date;
  k: string;
}
const toMessage = (r: MessageRow): TicketMessage => ({
  id: r.id,
  internal: r.internal,
  body: r.body,
  author: r.authorId ? { id: r.authorId, name: r.authorName ?? '', email: r.authorEmail ?? '' } : null,
  attachments: r.attachments.map(toAttachment),
  createdAt: r.createdAt.toISOString(),
});

/** The thread of a ticket, oldest first, with each message's attachments. */
export async function listMessages(pool: pg.Pool, caller: Caller, ticketId: string, page: { limit: number; cursor?: string }) {
  await getTicket(pool, caller, ticketId);
  const after = decodeCursor(page.cursor, isTimeIdCursor);
  const rows = await tenantRead<MessageRow>(
    pool,
    caller,
    `${MESSAGE_SELECT}
      WHERE m.workspace_id = $1 AND m.ticket_id = $2 AND ($3::timestamptz IS NULL OR (m.created_at, m.id) > ($3::timestamptz, $4::uuid))
      ORDER BY m.created_at, m.id LIMIT $5`,
    [caller.workspaceId, ticketId, after?.[0] ?? null, after?.[1] ?? null, page.limit + 1],
  );
  const result = toPage(rows, page.limit, (last) => [last.k, last.id]);
  return { nextCursor: result.nextCursor, items: result.items.map(toMessage) };
}

/** Posts a public reply or an internal note, taking along files uploaded to the ticket by the same person. */
export async function postMessage(
  pool: pg.Pool,
  caller: Caller,
  ticketId: string,
  input: { body: string; internal: boolean; attachmentIds: string[] },
  meta: AuditMeta,
): Promise<TicketMessage> {
  return withTenant(pool, caller, async ({ client }) => {
    await lockWorkable(client, caller, ticketId);
    const ids = [...new Set(input.attachmentIds)];
    if (ids.length > 0) {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM ticket_attachments WHERE workspace_id = $1 AND ticket_id = $2 AND id = ANY($3::uuid[]) AND message_id IS NULL AND uploaded_by = $4 FOR UPDATE`,
        [caller.workspaceId, ticketId, ids, caller.userId],
      );
      if (rows.length !== ids.length) throw fieldError('validation_failed', 400, 'body.attachmentIds', 'must be files you uploaded to this ticket and not yet posted');
    }
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO ticket_messages (workspace_id, ticket_id, author_id, body, internal) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [caller.workspaceId, ticketId, caller.userId, input.body, input.internal],
    );
    const messageId = rows[0]!.id;
    if (ids.length > 0) {
      await client.query('UPDATE ticket_attachments SET message_id = $3 WHERE workspace_id = $1 AND id = ANY($2::uuid[])', [caller.workspaceId, ids, messageId]);
    }
    await client.query('UPDATE tickets SET message_count = message_count + 1, updated_at = now() WHERE workspace_id = $1 AND id = $2', [caller.workspaceId, ticketId]);
    await recordAudit(client, caller.workspaceId, meta, {
      action: input.internal ? 'ticket.note_added' : 'ticket.replied',
      entityType: 'ticket',
      entityId: ticketId,
      after: { messageId, attachments: ids.length },
    });
    const { rows: posted } = await client.query<MessageRow>(`${MESSAGE_SELECT} WHERE m.workspace_id = $1 AND m.id = $2`, [caller.workspaceId, messageId]);
    return toMessage(posted[0]!);
  });
}

/** The allow-listed type of a file from its first bytes (never its name), or null. Plain text is valid UTF-8 without control bytes. */
export async function detectType(head: Buffer, looksLikeText: boolean): Promise<string | null> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return (ATTACHMENT_TYPES as readonly string[]).includes(detected.mime) ? detected.mime : null;
  return looksLikeText && head.length > 0 ? 'text/plain' : null;
}

/**
 * A pass-through that measures, hashes and sniffs an upload as it streams to storage, and fails it (so storage
 * discards the bytes) when it is too large or its content is not an allowed type.
 */
function inspector(maxBytes: number) {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const heads: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  let text = true;
  const result = { size: 0, sha256: '', contentType: '' };
  const checkText = (chunk: Buffer | undefined) => {
    if (!text) return;
    try {
      const s = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(s)) text = false;
    } catch {
      text = false;
    }
  };
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new AppError('file_too_large', `Files may be at most ${Math.round(maxBytes / 1024 / 1024)} MB`, 413, { maxBytes }));
      hash.update(chunk);
      if (headBytes < SNIFF_BYTES) {
        heads.push(chunk);
        headBytes += chunk.length;
      }
      checkText(chunk);
      done(null, chunk);
    },
    flush(done) {
      checkText(undefined);
      detectType(Buffer.concat(heads).subarray(0, SNIFF_BYTES), text).then(
        (type) => {
          if (!type) return done(new AppError('unsupported_file_type', 'This kind of file is not allowed: images (PNG, JPEG, GIF, WebP), PDF, ZIP, Word, Excel and plain text are', 415));
          Object.assign(result, { size, sha256: hash.digest('hex'), contentType: type });
          done();
        },
        (err: unknown) => done(err as Error),
      );
    },
  });
  return { stream, result };
}

/** A file name safe to store and to send back: no directories, no control characters, at most 200 characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').replace(/^\.+/, '').trim().slice(-200);
  return clean || 'file';
}

/** Stores an upload for a ticket the caller may work on; it joins a message when the message is posted. */
export async function uploadAttachment(
  pool: pg.Pool,
  storage: Storage,
  caller: Caller,
  ticketId: string,
  file: { filename: string; stream: Readable },
  maxBytes = MAX_ATTACHMENT_BYTES,
): Promise<Attachment> {
  await withTenant(pool, caller, ({ client }) => lockWorkable(client, caller, ticketId));
  const { stream, result } = inspector(maxBytes);
  let key: string;
  try {
    key = await storage.put(caller.workspaceId, file.stream, stream);
  } catch (err) {
    file.stream.resume(); // drain what is left of the request
    throw err;
  }
  try {
    return await withTenant(pool, caller, async ({ client }) => {
      await lockWorkable(client, caller, ticketId);
      const { rows } = await client.query<AttachmentRow>(
        `INSERT INTO ticket_attachments AS a (workspace_id, ticket_id, filename, content_type, size, sha256, storage_key, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${ATTACHMENT_COLUMNS}`,
        [caller.workspaceId, ticketId, safeFilename(file.filename), result.contentType, result.size, result.sha256, key, caller.userId],
      );
      return toAttachment(rows[0]!);
    });
  } catch (err) {
    await storage.remove(key);
    throw err;
  }
}

/** An attachment of a ticket the caller may see, for download. Another workspace's id is simply not found. */
export async function getAttachment(pool: pg.Pool, caller: Caller, ticketId: string, attachmentId: string) {
  await getTicket(pool, caller, ticketId);
  const rows = await tenantRead<AttachmentRow & { storageKey: string; messageId: string | null; uploadedBy: string | null }>(
    pool,
    caller,
    `SELECT ${ATTACHMENT_COLUMNS}, a.storage_key AS "storageKey", a.message_id AS "messageId", a.uploaded_by AS "uploadedBy"
       FROM ticket_attachments a WHERE a.workspace_id = $1 AND a.ticket_id = $2 AND a.id = $3`,
    [caller.workspaceId, ticketId, attachmentId],
  );
  const row = rows[0];
  // Files not yet posted are visible to their uploader only.
  if (!row || (row.messageId === null && row.uploadedBy !== caller.userId)) throw notFound('Attachment');
  return { attachment: toAttachment(row), storageKey: row.storageKey };
}

/** Files uploaded but never posted on a message, after a day: removed with their bytes (system work, owner pool). */
export async function purgeAbandonedUploads(owner: pg.Pool, storage: Storage, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - 86_400_000);
  const { rows: workspaces } = await owner.query<{ id: string }>('SELECT id FROM workspaces');
  let removed = 0;
  for (const ws of workspaces) {
    const keys = await withTenant(owner, { workspaceId: ws.id }, async ({ client }) => {
      const { rows } = await client.query<{ key: string }>(
        'DELETE FROM ticket_attachments WHERE workspace_id = $1 AND message_id IS NULL AND created_at < $2 RETURNING storage_key AS key',
        [ws.id, cutoff],
      );
      return rows.map((r) => r.key);
    });
    // After the commit: a crash in between leaves a file without a row (unreachable), never a row without a file.
    for (const key of keys) await storage.remove(key);
    removed += keys.length;
  }
  return removed;
}

/** Removes a file its uploader has not posted yet. */
export async function deletePendingAttachment(pool: pg.Pool, storage: Storage, caller: Caller, ticketId: string, attachmentId: string): Promise<void> {
  const key = await withTenant(pool, caller, async ({ client }) => {
    const { rows } = await client.query<{ key: string }>(
      `DELETE FROM ticket_attachments WHERE workspace_id = $1 AND ticket_id = $2 AND id = $3 AND message_id IS NULL AND uploaded_by = $4 RETURNING storage_key AS key`,
      [caller.workspaceId, ticketId, attachmentId, caller.userId],
    );
    if (!rows[0]) throw new AppError('not_found', 'Attachment not found (or already posted)', 404);
    return rows[0].key;
  });
  await storage.remove(key);
}
