// A bare Fastify server: the ceiling for any route on this machine.
import Fastify from 'fastify';
import { serveForBench } from '../lib/serve.ts';

const app = Fastify({ logger: false });
app.get('/ping', async () => ({ ok: true }));
await serveForBench(app);
