import { AppError } from '../plugins/errors.ts';

/** Opaque keyset cursors: the sort key of the last row, base64url-encoded JSON. */
export const encodeCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

export function decodeCursor<T extends unknown[]>(cursor: string | undefined, shape: (v: unknown[]) => v is T): T | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && shape(v)) return v;
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', 'Invalid request — querystring.cursor: is not a cursor from this list', 400, {
    fields: [{ field: 'querystring.cursor', message: 'is not a cursor from this list' }],
  });
}

/** A [timestamp, id] cursor, the common case for lists sorted by creation. */
export const isTimeIdCursor = (v: unknown[]): v is [string, string] =>
  v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1]);

export const fieldError = (code: string, status: number, field: string, message: string) =>
  new AppError(code, `${field}: ${message}`, status, { fields: [{ field, message }] });

/** A keyset page from `limit + 1` fetched rows: the extra row only says there is a next page. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (last: T) => unknown[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = rows.length > limit ? items[items.length - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(cursorOf(last)) : null };
}
