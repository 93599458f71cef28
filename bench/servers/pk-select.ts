// Fastify + pg.Pool doing one primary-key select per request, as a prepared statement with no tenant context,
// session or access check: the ceiling for a route that reads one row. Env: DATABASE_URL, WORKSPACE_ID, and
// ROW=customer to select the same customer row (columns and owner join) as Grip's detail route instead of the
// baseline's six columns.
import Fastify from 'fastify';
import pg from 'pg';
import { serveForBench } from '../lib/serve.ts';
import { CUSTOMER_COLUMNS, CUSTOMER_FROM } from '../../apps/server/src/modules/customers/customers.repository.ts';

const { DATABASE_URL, WORKSPACE_ID, ROW } = process.env;
if (!DATABASE_URL || !WORKSPACE_ID) throw new Error('pk-select server: DATABASE_URL and WORKSPACE_ID are required');

const text =
  ROW === 'customer'
    ? `SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_FROM} WHERE c.workspace_id = $1 AND c.id = $2`
    : 'SELECT id, name, email, phone, company, created_at FROM customers WHERE workspace_id = $1 AND id = $2';
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 20 });
// The bench drops the database when interrupted; an idle client losing its server must not crash this process.
pool.on('error', () => undefined);
const app = Fastify({ logger: false });

app.get<{ Params: { id: string } }>('/row/:id', async (request, reply) => {
  const { rows } = await pool.query({ name: 'customer_by_pk', text, values: [WORKSPACE_ID, request.params.id] });
  if (!rows[0]) return reply.code(404).send({ error: { code: 'not_found', message: 'no such customer' } });
  return rows[0];
});

await serveForBench(app, () => pool.end());
