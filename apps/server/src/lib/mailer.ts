import nodemailer, { type Transporter } from 'nodemailer';
import type pg from 'pg';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Files sent with the message (kept small: the whole message is built in memory). */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType?: string;
}

export interface Mailer {
  /** 'smtp' when SMTP_URL is set, else 'outbox' (stored in the database for the admin console). */
  readonly transport: 'smtp' | 'outbox';
  send: (message: MailMessage) => Promise<void>;
  close: () => void;
}

/**
 * Sends through nodemailer when an SMTP URL is configured; otherwise keeps the message in the dev outbox table.
 * Bodies are never logged: they carry sign-in and reset links.
 */
export function createMailer(options: {
  smtpUrl: string | undefined;
  from: string;
  owner: pg.Pool;
  log: { info: (obj: object, msg: string) => void };
}): Mailer {
  const { smtpUrl, from, owner, log } = options;
  const smtp: Transporter | null = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  return {
    transport: smtp ? 'smtp' : 'outbox',
    async send(message) {
      const to = Array.isArray(message.to) ? message.to : [message.to];
      if (smtp) {
        const info = await smtp.sendMail({ from, ...message, to });
        log.info({ to, subject: message.subject, messageId: info.messageId }, 'mail sent');
        return;
      }
      // The dev outbox keeps attachments' names and sizes, not their bytes.
      const attached = message.attachments?.length ? { 'X-Grip-Attachments': message.attachments.map((a) => `${a.filename} (${a.content.length} bytes)`).join(', ') } : {};
      const { rows } = await owner.query<{ id: string }>(
        'INSERT INTO mail_outbox ("to", "from", subject, text, html, headers) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [to, from, message.subject, message.text, message.html ?? null, { ...message.headers, ...attached }],
      );
      log.info({ to, subject: message.subject, outboxId: rows[0]?.id }, 'mail stored in the dev outbox (SMTP_URL unset)');
    },
    close: () => smtp?.close(),
  };
}
