// Fastify + pg.Pool doing one primary-key select per request, as a prepared statement with no tenant context,
// no session and no access check, returning the same customer row (same columns and owner join) as Grip's
// detail route: the ceiling that route is measured against. Env: DATABASE_URL, WORKSPACE_ID.
import Fastify from 'fastify';
import pg from 'pg';
import { serveForBench } from '../lib/serve.ts';
import { CUSTOMER_COLUMNS, CUSTOMER_FROM } from '../../apps/server/src/modules/customers/customers.repository.ts';

const { DATABASE_URL, WORKSPACE_ID } = process.env;
if (!DATABASE_URL || !WORKSPACE_ID) throw new Error('pk-select-customer server: DATABASE_URL and WORKSPACE_ID are required');

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 20 });
pool.on('error', () => undefined);
const app = Fastify({ logger: false });

app.get<{ Params: { id: string } }>('/row/:id', async (request, reply) => {
  const { rows } = await pool.query({
    name: 'customer_by_pk',
    text: `SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_FROM} WHERE c.workspace_id = $1 AND c.id = $2`,
    values: [WORKSPACE_ID, request.params.id],
  });
  if (!rows[0]) return reply.code(404).send({ error: { code: 'not_found', message: 'no such customer' } });
  return rows[0];
});

await serveForBench(app, () => pool.end());
