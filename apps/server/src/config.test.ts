import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { ConfigError, loadConfig } from './config.ts';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'grip-config-'));

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: tmp(), ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('when nothing is set, then defaults apply: port 3000, embedded database, dev outbox, local files', () => {
    const dir = tmp();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c.port).toBe(3000);
    expect(c.appUrl).toBe('http://localhost:3000');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.smtpUrl).toBeUndefined();
    expect(c.storageUrl).toBe(`file://${path.join(dir, 'files')}`);
    expect(c.jobs).toBe('inline');
  });

  it('when several variables are wrong, then each gets one clear line naming it', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      SMTP_URL: 'http://mail',
      LOG_LEVEL: 'loud',
      APP_URL: 'not a url',
      AUTH_SECRET: 'short',
    });
    expect(problems).toHaveLength(6);
    for (const name of ['PORT', 'DATABASE_URL', 'SMTP_URL', 'LOG_LEVEL', 'APP_URL', 'AUTH_SECRET']) {
      expect(problems.filter((p) => p.startsWith(`${name}: `))).toHaveLength(1);
    }
    expect(problems.find((p) => p.startsWith('PORT'))).toContain('"eighty"');
    // Values of secrets and URLs (which may hold passwords) are never echoed.
    expect(problems.join('\n')).not.toContain('short');
    expect(problems.join('\n')).not.toContain('mysql://x');
  });

  it('property: any PORT that is not an integer in 0..65535 is reported as a PORT problem', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 65536, max: 10_000_000 }).map(String),
          fc.integer({ min: -10_000, max: -1 }).map(String),
          fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !/^\s*[+-]?\d+(\.0*)?\s*$/.test(s) && Number.isNaN(Number(s))),
        ),
        (port) => {
          const problems = problemsOf({ PORT: port });
          expect(problems.some((p) => p.startsWith('PORT: '))).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('when secrets are not given, then they are generated once, kept private in DATA_DIR, and reused', () => {
    const dir = tmp();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.secrets.authSecret).toHaveLength(43);
    expect(second.secrets).toEqual(first.secrets);
    const file = path.join(dir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).authSecret).toBe(first.secrets.authSecret);
    expect(loadConfig({ DATA_DIR: tmp() }).secrets.authSecret).not.toBe(first.secrets.authSecret);
  });

  it('when AUTH_SECRET is given, then it wins over the generated one', () => {
    const secret = 'x'.repeat(40);
    expect(loadConfig({ DATA_DIR: tmp(), AUTH_SECRET: secret }).secrets.authSecret).toBe(secret);
  });
});
