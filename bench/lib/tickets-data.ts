// Bench data for the tickets scenario: helpdesk agents, demo customers and a workspace's worth of tickets,
// generated from seeded PRNGs (same rows on every run) and streamed into Grip's own tables with COPY.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DEFAULT_SLA, type Priority } from '@grip/contracts/tickets';
import { demoCustomer, prng } from '../../apps/server/src/seed/demo-crm.ts';
import { demoTicket, type DemoTicketContent } from '../../apps/server/src/seed/demo-tickets.ts';

export interface Stage {
  id: string;
  name: string;
  category: 'open' | 'waiting' | 'done';
  position: number;
}

export interface BenchPipeline {
  id: string;
  /** In board order. */
  stages: Stage[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Tickets are created over the last two years, numbers rising with creation time. */
const SPAN_MS = 730 * DAY;
/** Distinct texts: titles and descriptions repeat across a big workspace, as the real ones do. */
const DISTINCT_TEXTS = 20_000;
const CHUNK_CHARS = 256_000;

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
const nul = (v: string | null) => (v === null ? '\\N' : esc(v));
const iso = (ms: number) => new Date(ms).toISOString();

async function copyLines(client: pg.Client, sql: string, lines: Iterable<string>): Promise<number> {
  const copy = client.query(copyFrom(sql));
  await pipeline(Readable.from(lines), copy);
  return copy.rowCount;
}

/** Batches generated lines into COPY chunks of about 256 kB. */
function* chunked(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length > CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The workspace's default pipeline, as the API reads it; created (setUpTickets) by the caller when missing. */
export async function defaultPipeline(client: pg.Client, workspaceId: string): Promise<BenchPipeline | undefined> {
  const { rows } = await client.query<Stage & { pipelineId: string }>(
    `SELECT s.id, s.name, s.category, s.position, p.id AS "pipelineId" FROM pipelines p
       JOIN pipeline_stages s ON s.workspace_id = p.workspace_id AND s.pipeline_id = p.id
      WHERE p.workspace_id = $1 AND p.is_default ORDER BY s.position`,
    [workspaceId],
  );
  return rows[0] ? { id: rows[0].pipelineId, stages: rows.map(({ pipelineId: _, ...s }) => s) } : undefined;
}

/** `count` agents (users with the built-in agent role), the people tickets are assigned to. */
export async function addAgents(client: pg.Client, workspaceId: string, count: number): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `WITH u AS (
       INSERT INTO users (name, email, email_verified) SELECT 'Agent ' || n, 'bench-agent-' || n || '@grip.local', true FROM generate_series(1, $2::int) n RETURNING id, email)
     INSERT INTO memberships (workspace_id, user_id, role_id)
     SELECT $1, u.id, r.id FROM u JOIN roles r ON r.workspace_id = $1 AND r.key = 'agent' ORDER BY u.email RETURNING user_id AS id`,
    [workspaceId, count],
  );
  return rows.map((r) => r.id);
}

/** COPYs `count` demo customers (the demo generator) with ids chosen here, and returns the ids. */
export async function copyCustomers(client: pg.Client, workspaceId: string, ownerId: string, count: number, now: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  function* lines() {
    for (let i = 0; i < count; i++) {
      const c = demoCustomer(i);
      const created = iso(now - c.ageDays * DAY - (i % 86_400) * 1000);
      const updated = iso(now - Math.floor(c.ageDays / 2) * DAY - (i % 3600) * 1000);
      yield `${workspaceId}\t${ids[i]}\t${c.kind}\t${esc(c.name)}\t${nul(c.email)}\t${nul(c.phone)}\t${nul(c.company)}\t${esc(JSON.stringify(c.address))}\t{${c.tags.join(',')}}\t${c.status}\t${i % 3 === 0 ? ownerId : '\\N'}\t${esc(JSON.stringify(c.custom))}\t${created}\t${updated}\n`;
    }
  }
  await copyLines(
    client,
    'COPY customers (workspace_id, id, kind, name, email, phone, company, address, tags, status, owner_id, custom, created_at, updated_at) FROM STDIN',
    chunked(lines()),
  );
  return ids;
}

export interface TicketSpec {
  workspaceId: string;
  pipeline: BenchPipeline;
  customerIds: string[];
  /** The owner (creates tickets, gets a few) first, then the agents. */
  memberIds: string[];
  rows: number;
  now: number;
  /** First ticket number (ticket_settings.next_number before the load). */
  firstNumber: number;
}

/**
 * Share of tickets in each of the four default stages: New 10%, In Progress 15%, Waiting 10%, Completed 65%.
 * Open tickets lean towards recent ones: the chance that ticket i (of n, oldest first) is still open rises
 * linearly from 0 to 70%, 35% overall.
 */
const OPEN_SPLIT = [10, 15, 10];
const OPEN_SHARE = 0.35;
/** How long a resolved ticket took, by priority. */
const RESOLUTION: Record<Priority, [number, number]> = { urgent: [HOUR, 2 * DAY], high: [4 * HOUR, 5 * DAY], normal: [DAY, 8 * DAY], low: [2 * DAY, 20 * DAY] };
/** Of the open tickets past their SLA date, the share whose date an agent moved out (the rest are overdue). */
const RESCHEDULED = 0.85;

/** The tickets as COPY lines (oldest first, numbers rising), generated lazily. */
export function* ticketLines(spec: TicketSpec): Generator<string> {
  const { stages } = spec.pipeline;
  if (stages.length !== 4) throw new Error(`the bench expects the default pipeline of 4 stages, found ${stages.length}`);
  const rnd = prng(5_200_001);
  const between = (from: number, to: number) => from + rnd.next() * (to - from);
  const texts = new Map<number, DemoTicketContent>();
  const step = SPAN_MS / spec.rows;
  const start = spec.now - SPAN_MS;
  const [agentOwner, ...agents] = spec.memberIds;
  // A few busy people and some quieter ones: agent k gets weight 1/(k+1).
  const agentWeights = agents.map((_, k) => 1 / (k + 1));
  const agentTotal = agentWeights.reduce((s, w) => s + w, 0);
  const pickAgent = () => {
    if (agents.length === 0 || rnd.next() < 0.05) return agentOwner!;
    let r = rnd.next() * agentTotal;
    return agents[Math.max(0, agentWeights.findIndex((w) => (r -= w) < 0))]!;
  };
  for (let i = 0; i < spec.rows; i++) {
    const key = i % DISTINCT_TEXTS;
    let text = texts.get(key);
    if (!text) texts.set(key, (text = demoTicket(key)));
    const created = start + i * step + rnd.next() * step * 0.9;
    const open = rnd.next() < 2 * OPEN_SHARE * ((i + 0.5) / spec.rows);
    let stageIndex = 3;
    if (open) {
      const r = rnd.next() * 35;
      stageIndex = r < OPEN_SPLIT[0]! ? 0 : r < OPEN_SPLIT[0]! + OPEN_SPLIT[1]! ? 1 : 2;
    }
    const stage = stages[stageIndex]!;
    const done = stage.category === 'done';
    let due = created + DEFAULT_SLA[text.priority] * MINUTE;
    let dueSource = 'sla';
    let completed: number | null = null;
    let overdue = false;
    let updated: number;
    if (done) {
      completed = Math.min(spec.now - MINUTE, created + between(...RESOLUTION[text.priority]));
      updated = completed;
    } else {
      if (due <= spec.now && rnd.next() < RESCHEDULED) {
        due = spec.now + between(HOUR, 14 * DAY);
        dueSource = 'manual';
      }
      overdue = due <= spec.now;
      updated = Math.min(spec.now - MINUTE, created + between(MINUTE, 3 * DAY));
    }
    const assigned = stageIndex === 0 ? rnd.next() < 0.35 : rnd.next() < (done ? 0.95 : 0.9);
    const assignee = assigned ? pickAgent() : '\\N';
    const customer = spec.customerIds[rnd.int(spec.customerIds.length)]!;
    yield `${spec.workspaceId}\t${spec.firstNumber + i}\t${esc(text.title)}\t${esc(text.description)}\t${customer}\t${spec.pipeline.id}\t${stage.id}\t${text.priority}\t${assignee}\t${iso(due)}\t${dueSource}\t${overdue}\t${overdue ? iso(due + MINUTE) : '\\N'}\t${completed === null ? '\\N' : iso(completed)}\t${text.source}\t${agentOwner}\t${iso(created)}\t${iso(updated)}\n`;
  }
}

/**
 * Loads the tickets the way an import should: secondary indexes off, COPY (foreign keys checked), indexes
 * rebuilt, then ticket_settings.next_number past the last number. Returns the rows COPY stored.
 */
export async function copyTickets(client: pg.Client, spec: TicketSpec, step: <T>(label: string, work: () => Promise<T>) => Promise<T>): Promise<number> {
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = 'tickets'::regclass AND NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
  );
  for (const ix of indexes) await client.query(`DROP INDEX ${pg.escapeIdentifier(ix.name)}`);
  const copied = await step(`COPY ${spec.rows.toLocaleString('en-US')} tickets`, () =>
    copyLines(
      client,
      `COPY tickets (workspace_id, number, title, description, customer_id, pipeline_id, stage_id, priority, assignee_id, due_at, due_source,
                     overdue, overdue_notified_at, completed_at, source, created_by, created_at, updated_at) FROM STDIN`,
      chunked(ticketLines(spec)),
    ),
  );
  await step(`rebuild ${indexes.length} ticket indexes`, async () => {
    await client.query('SET maintenance_work_mem = 1048576'); // 1 GB, in kB
    for (const ix of indexes) await client.query(ix.def);
    await client.query('RESET maintenance_work_mem');
  });
  await client.query(
    `INSERT INTO ticket_settings (workspace_id, sla_minutes, next_number) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id) DO UPDATE SET next_number = greatest(ticket_settings.next_number, excluded.next_number)`,
    [spec.workspaceId, JSON.stringify(DEFAULT_SLA), spec.firstNumber + spec.rows],
  );
  return copied;
}
