import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createMailer, type Mailer } from '../lib/mailer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    mail: Mailer;
  }
}

export default fp(
  async function mailPlugin(app: FastifyInstance, opts: { smtpUrl: string | undefined; from: string }) {
    const mailer = createMailer({ ...opts, owner: app.db.owner, log: app.log.child({ component: 'mail' }) });
    app.decorate('mail', mailer);
    app.addHook('onClose', async () => mailer.close());
  },
  { name: 'mail', dependencies: ['db'] },
);
