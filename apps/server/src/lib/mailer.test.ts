import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createPool } from '../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers.ts';
import { startSmtpSink } from '../../test/smtp.ts';
import { createMailer } from './mailer.ts';

describe('mail', () => {
  let db: TestDatabase;
  let owner: pg.Pool;
  const logged: object[] = [];
  const log = { info: (obj: object) => logged.push(obj) };

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = createPool(db.ownerUrl, 2, 'test');
  });
  afterAll(async () => {
    await owner.end();
    await db.drop();
  });

  it('when SMTP_URL is set, then the message is delivered to that SMTP server', async () => {
    const smtp = await startSmtpSink();
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Grip <no-reply@grip.test>', owner, log });
    try {
      await mailer.send({ to: 'ada@example.com', subject: 'Verify your email', text: 'Open https://x/verify?token=s3cret' });
      expect(mailer.transport).toBe('smtp');
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]?.to).toEqual(['ada@example.com']);
      expect(smtp.received[0]?.from).toBe('no-reply@grip.test');
      expect(smtp.received[0]?.raw).toContain('Subject: Verify your email');
      expect(smtp.received[0]?.raw).toContain('token=s3cret');
      const outbox = await owner.query('SELECT count(*)::int AS n FROM mail_outbox');
      expect(outbox.rows[0].n).toBe(0);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it('when SMTP_URL is unset, then the message is kept in the dev outbox and its body is never logged', async () => {
    const mailer = createMailer({ smtpUrl: undefined, from: 'Grip <no-reply@grip.test>', owner, log });
    await mailer.send({ to: ['bo@example.com'], subject: 'Reset your password', text: 'token=topsecret', html: '<p>token=topsecret</p>' });
    expect(mailer.transport).toBe('outbox');
    const { rows } = await owner.query('SELECT "to", subject, text, html FROM mail_outbox');
    expect(rows).toEqual([{ to: ['bo@example.com'], subject: 'Reset your password', text: 'token=topsecret', html: '<p>token=topsecret</p>' }]);
    expect(JSON.stringify(logged)).not.toContain('topsecret');
    expect(JSON.stringify(logged)).toContain('Reset your password');
  });

  it('when the SMTP server is unreachable, then sending fails loudly instead of losing the message silently', async () => {
    const smtp = await startSmtpSink();
    const url = smtp.url;
    await smtp.close();
    const mailer = createMailer({ smtpUrl: url, from: 'a@b.co', owner, log });
    await expect(mailer.send({ to: 'x@example.com', subject: 's', text: 't' })).rejects.toThrow();
    mailer.close();
  });
});
