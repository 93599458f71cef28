import type pg from 'pg';

export const OUTBOX_RETENTION_DAYS = 30;

/**
 * Deletes what has outlived its use: dev-outbox mail older than the retention period. Later capabilities add
 * their expired rows (tokens, events) here. Returns how many rows each purge removed.
 */
export async function purgeExpired(owner: pg.Pool, now = new Date()): Promise<{ mailOutbox: number }> {
  const cutoff = new Date(now.getTime() - OUTBOX_RETENTION_DAYS * 86_400_000);
  const mail = await owner.query('DELETE FROM mail_outbox WHERE created_at < $1', [cutoff]);
  return { mailOutbox: mail.rowCount ?? 0 };
}
