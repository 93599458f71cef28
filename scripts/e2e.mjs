// `npm run test:e2e`: builds the web app, starts Grip on a fresh embedded database, runs the Playwright
// journeys in Debian's Chromium, stops Grip, and ends with one line `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`Chromium not found at ${chromium}. Install Debian's package: apt-get install -y chromium`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const adminEmail = 'admin@grip.local';
const adminPassword = 'admin-password-123';
const dataDir = mkdtempSync(path.join(tmpdir(), 'grip-e2e-'));
// Run as root, the embedded PostgreSQL runs as the `postgres` user, which must be able to enter DATA_DIR.
chmodSync(dataDir, 0o755);
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
mkdirSync('e2e/artifacts', { recursive: true });
let output = '';
const server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/server.ts'], {
  env: {
    ...process.env,
    DATABASE_URL: '',
    SMTP_URL: '', // mail lands in the dev outbox, where the journeys read it
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_URL: url,
    EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? '54370',
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stdout.on('data', (d) => (output += d));
server.stderr.on('data', (d) => (output += d));
const serverExit = new Promise((resolve) => server.on('exit', resolve));

const deadline = Date.now() + 120_000;
while (!output.includes('Grip is running at')) {
  if (Date.now() > deadline || server.exitCode !== null) {
    console.error(`Grip did not start:\n${output}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}
console.log(`Grip is up at ${url} (data in ${dataDir})`);
const startupOutput = output.length;

rmSync('e2e/artifacts/results.json', { force: true });
const run = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, GRIP_E2E_URL: url, CHROMIUM_PATH: chromium, GRIP_E2E_ADMIN_EMAIL: adminEmail, GRIP_E2E_ADMIN_PASSWORD: adminPassword },
});

server.kill('SIGTERM');
await serverExit;
rmSync(dataDir, { recursive: true, force: true });

let passed = 0;
let failed = 0;
try {
  const stats = JSON.parse(readFileSync('e2e/artifacts/results.json', 'utf8')).stats;
  passed = stats.expected + stats.flaky;
  failed = stats.unexpected;
} catch {
  failed = 1;
}
if (run.status !== 0 && failed === 0) failed = 1;
// The server logs at warn level during the run; when something failed, its errors help more than the screenshots.
const runOutput = output.slice(startupOutput).trim();
if (failed > 0 && runOutput) console.error(`\nGrip's log during the run (last 4,000 characters):\n${runOutput.slice(-4000)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
