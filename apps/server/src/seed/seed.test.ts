import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, testConfig, type TestDatabase } from '../../test/helpers.ts';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { runSeed, type SeedStep } from './seed.ts';
import { demoCustomer } from './demo-crm.ts';

describe('seed framework', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    await owner.query('CREATE TABLE seed_probe (name text PRIMARY KEY)');
  });
  afterAll(async () => {
    await owner.end();
    await db.drop();
  });

  const insertStep = (name: string): SeedStep => ({
    name,
    run: async ({ client }) => {
      const r = await client.query('INSERT INTO seed_probe VALUES ($1) ON CONFLICT DO NOTHING', [name]);
      return r.rowCount ? [`created ${name}`] : [];
    },
  });

  it('when the seed runs twice (even at once), then the data is there once', async () => {
    const config = testConfig();
    const steps = [insertStep('demo')];
    const results = await Promise.all([
      runSeed({ ownerUrl: db.ownerUrl, config, steps }),
      runSeed({ ownerUrl: db.ownerUrl, config, steps }),
    ]);
    expect(results.flat()).toEqual(['created demo']);
    expect(await runSeed({ ownerUrl: db.ownerUrl, config, steps })).toEqual([]);
    const { rows } = await owner.query('SELECT name FROM seed_probe');
    expect(rows).toEqual([{ name: 'demo' }]);
  });

  it('when a step fails, then nothing of that seed run is kept', async () => {
    const failing: SeedStep = {
      name: 'broken',
      run: async () => {
        throw new Error('broken step');
      },
    };
    await expect(
      runSeed({ ownerUrl: db.ownerUrl, config: testConfig(), steps: [insertStep('half'), failing] }),
    ).rejects.toThrow('broken step');
    const { rows } = await owner.query("SELECT name FROM seed_probe WHERE name = 'half'");
    expect(rows).toEqual([]);
  });

  it('the default seed adds a demo workspace with about 1,000 customers, their policies and notes, once', async () => {
    const config = testConfig();
    const lines = await runSeed({ ownerUrl: db.ownerUrl, config });
    expect(lines.join('\n')).toMatch(/1000 customers, \d+ policies, \d+ notes/);
    expect((await runSeed({ ownerUrl: db.ownerUrl, config })).join('\n')).not.toMatch(/customers/);
    const { rows } = await owner.query(
      `SELECT (SELECT count(*)::int FROM customers) AS customers, (SELECT count(*)::int FROM policies) AS policies, (SELECT count(*)::int FROM notes) AS notes,
              (SELECT count(DISTINCT email_normalized)::int FROM customers) AS emails, (SELECT count(email)::int FROM customers) AS with_email`,
    );
    expect(rows[0].customers).toBe(1000);
    expect(rows[0].policies).toBeGreaterThan(500);
    expect(rows[0].notes).toBeGreaterThan(300);
    expect(rows[0].emails).toBe(rows[0].with_email);
  });

  it('the demo workspace gets a few hundred tickets across every stage, with messages, assignments and consistent state, once', async () => {
    const { rows } = await owner.query(
      `SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(DISTINCT stage_id)::int FROM tickets) AS stages,
              (SELECT count(*)::int FROM ticket_messages) AS messages, (SELECT count(*)::int FROM tickets WHERE assignee_id IS NOT NULL) AS assigned,
              (SELECT count(*)::int FROM tickets t JOIN pipeline_stages s ON s.workspace_id = t.workspace_id AND s.id = t.stage_id
                WHERE (s.category = 'done') <> (t.completed_at IS NOT NULL)) AS inconsistent,
              (SELECT max(number)::int FROM tickets) AS max_number, (SELECT max(next_number)::int FROM ticket_settings) AS next_number`,
    );
    expect(rows[0].tickets).toBeGreaterThanOrEqual(200);
    expect(rows[0].stages).toBe(4);
    expect(rows[0].messages).toBeGreaterThan(rows[0].tickets);
    expect(rows[0].assigned).toBeGreaterThan(rows[0].tickets / 2);
    expect(rows[0].inconsistent).toBe(0);
    expect(rows[0].next_number).toBeGreaterThan(rows[0].max_number);
  });

  it('demo phones are valid E.164 numbers', () => {
    for (let i = 0; i < 2000; i++) {
      const { phone } = demoCustomer(i);
      if (phone) expect(parsePhoneNumberFromString(phone)?.isValid(), phone).toBe(true);
    }
  });
});
