import { defineConfig, devices } from '@playwright/test';

// Driven by scripts/e2e.mjs, which builds the app, starts it on a fresh embedded database and sets GRIP_E2E_URL.
// Debian's Chromium only: browsers are never downloaded.
export default defineConfig({
  testDir: './e2e',
  outputDir: './e2e/artifacts/test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'e2e/artifacts/results.json' }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: process.env.GRIP_E2E_URL ?? 'http://127.0.0.1:3000',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
  },
});
