import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { OUTBOX_RETENTION_DAYS, purgeExpired } from './maintenance.service.ts';

describe('maintenance purge job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JOBS: 'inline' });
  });
  afterAll(() => t.close());

  async function insertMail(subject: string, ageDays: number) {
    await t.app.db.owner.query(
      `INSERT INTO mail_outbox ("to", "from", subject, text, created_at)
       VALUES ('{a@b.co}', 'x@y.co', $1, 'body', now() - make_interval(days => $2))`,
      [subject, ageDays],
    );
  }

  it('when outbox mail is older than the retention, then the purge removes it and keeps the rest', async () => {
    await insertMail('old', OUTBOX_RETENTION_DAYS + 1);
    await insertMail('recent', OUTBOX_RETENTION_DAYS - 1);
    expect(await purgeExpired(t.app.db.owner)).toEqual({ mailOutbox: 1 });
    const { rows } = await t.app.db.owner.query('SELECT subject FROM mail_outbox');
    expect(rows).toEqual([{ subject: 'recent' }]);
    expect(await purgeExpired(t.app.db.owner)).toEqual({ mailOutbox: 0 });
  });

  it('when the job is queued, then the in-process graphile-worker runner executes it', async () => {
    await insertMail('stale', OUTBOX_RETENTION_DAYS + 5);
    const job = await t.app.jobs.utils.addJob('maintenance_purge', {});
    const deadline = Date.now() + 15_000;
    let remaining = 1;
    while (Date.now() < deadline) {
      const q = await t.app.db.owner.query('SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE id = $1', [job.id]);
      remaining = q.rows[0].n;
      if (remaining === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(remaining).toBe(0); // completed jobs are deleted
    const { rows } = await t.app.db.owner.query("SELECT count(*)::int AS n FROM mail_outbox WHERE subject = 'stale'");
    expect(rows[0].n).toBe(0);
  });

  it('the purge is scheduled daily through the cron table', async () => {
    const { CRONTAB } = await import('../../jobs/tasks.ts');
    expect(CRONTAB).toMatch(/^0 3 \* \* \* maintenance_purge/m);
  });
});
