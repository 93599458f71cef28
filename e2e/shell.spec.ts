import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

// Every page of the shell needs a session now: sign in as the platform admin (owner of the seeded demo workspace).
const ADMIN_EMAIL = process.env.GRIP_E2E_ADMIN_EMAIL ?? 'admin@grip.local';
const ADMIN_PASSWORD = process.env.GRIP_E2E_ADMIN_PASSWORD ?? 'admin-password-123';

test.beforeEach(async ({ page, baseURL }) => {
  const response = await page.request.post('/api/auth/sign-in/email', {
    data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    headers: { origin: baseURL ?? '' },
  });
  expect(response.ok(), await response.text()).toBe(true);
  // Home is the last used workspace. Other journeys may add workspaces to this admin while these tests run, so
  // open the demo once to make it the last used one.
  await page.goto('/w/demo');
  await expect(page.getByTestId('workspace-overview')).toBeVisible();
});

const artifact = (name: string) => fileURLToPath(new URL(`./artifacts/${name}`, import.meta.url));

const colorScheme = (page: Page) =>
  page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));

/** Collects console errors/warnings and uncaught exceptions from the moment it is called. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

test.describe('app shell on desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('when the home page loads, then the shell, navigation and breadcrumbs render without console errors', async ({
    page,
  }) => {
    const problems = watchConsole(page);
    await page.goto('/');

    await expect(page.getByTestId('app-shell')).toBeVisible();
    await expect(page.getByRole('banner')).toBeVisible();
    await expect(page.getByRole('main')).toBeVisible();

    // Home is the last used workspace (the demo, opened in beforeEach).
    await expect(page).toHaveURL(/\/w\/demo$/);
    const sidebar = page.getByTestId('nav-sidebar');
    await expect(sidebar).toBeVisible();
    await expect(sidebar.getByRole('link', { name: 'Command Center' })).toHaveAttribute('aria-current', 'page');
    await expect(sidebar.getByRole('link', { name: 'System status' })).toBeVisible();
    await expect(sidebar.getByRole('link', { name: 'API docs' })).toHaveAttribute('href', '/api/docs');

    await expect(page.getByTestId('breadcrumbs')).toHaveText('Demo Insurance');
    await expect(page.getByTestId('workspace-overview')).toBeVisible();

    // The admin console's live status summary has answered, so late errors would have shown up.
    await sidebar.getByRole('link', { name: 'Console' }).click();
    await expect(page.getByTestId('status-summary')).toContainText('Operational');

    // Navigating updates the breadcrumbs from the matched routes.
    await sidebar.getByRole('link', { name: 'System status' }).click();
    await expect(page.getByTestId('breadcrumbs')).toContainText('System status');
    await expect(page).toHaveTitle('System status · Grip');

    expect(problems).toEqual([]);
  });

  test.describe('with a light system preference', () => {
    test.use({ colorScheme: 'light' });

    test('when dark is chosen in the theme menu, then the page turns dark and stays dark after a reload', async ({
      page,
    }) => {
      await page.goto('/admin');
      await expect(page.getByTestId('status-summary')).toContainText('Operational');
      await expect.poll(() => colorScheme(page)).toBe('light');
      await page.screenshot({ path: artifact('shell-light.png'), fullPage: true });

      await page.getByTestId('theme-toggle').click();
      await page.getByRole('menuitemradio', { name: 'Dark' }).click();
      await expect.poll(() => colorScheme(page)).toBe('dark');
      expect(await page.evaluate(() => localStorage.getItem('mantine-color-scheme-value'))).toBe('dark');

      await page.reload();
      await expect(page.getByTestId('app-shell')).toBeVisible();
      expect(await colorScheme(page)).toBe('dark');
      await expect(page.getByTestId('status-summary')).toContainText('Operational');
      await page.screenshot({ path: artifact('shell-dark.png'), fullPage: true });

      // "System" follows the (light) system preference again.
      await page.getByTestId('theme-toggle').click();
      await page.getByRole('menuitemradio', { name: 'System' }).click();
      await expect.poll(() => colorScheme(page)).toBe('light');
    });
  });

  test('when the path matches no route, then the 404 page shows inside the shell', async ({ page }) => {
    await page.goto('/this/does/not/exist');

    const notFound = page.getByTestId('not-found-page');
    await expect(notFound).toBeVisible();
    await expect(notFound.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByTestId('nav-sidebar')).toBeVisible();
    await expect(page.getByTestId('breadcrumbs')).toContainText('Page not found');

    await notFound.getByRole('link', { name: 'Back to home' }).click();
    await expect(page).toHaveURL(/\/w\/demo$/);
    await expect(notFound).toBeHidden();
  });

  test('when /403 is opened, then the forbidden page shows inside the shell', async ({ page }) => {
    await page.goto('/403');
    await expect(page.getByTestId('forbidden-page')).toBeVisible();
    await expect(page.getByTestId('nav-sidebar')).toBeVisible();
  });

  test('when /admin/system loads, then the three readiness checks are ok and Refresh confirms with a toast', async ({
    page,
  }) => {
    await page.goto('/admin/system');

    const status = page.getByTestId('system-status');
    await expect(status.getByRole('heading', { name: 'System status' })).toBeVisible();
    for (const check of ['database', 'migrations', 'jobs']) {
      await expect(status.getByTestId(`check-${check}`)).toBeVisible();
      await expect(status.getByTestId(`check-${check}-status`)).toHaveText('OK');
    }
    await expect(status.getByTestId('system-status-overall')).toContainText('All systems operational');

    await status.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByText('Status refreshed')).toBeVisible();
  });
});

test.describe('app shell at phone width', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('when the burger is tapped, then the navigation drawer opens, and it closes on navigation', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('app-shell')).toBeVisible();
    await expect(page.getByTestId('nav-sidebar')).toBeHidden();

    const drawer = page.getByTestId('nav-drawer');
    await expect(drawer).toBeHidden();
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await expect(drawer).toBeVisible();

    await drawer.getByRole('link', { name: 'System status' }).click();
    await expect(page).toHaveURL(/\/admin\/system$/);
    await expect(drawer).toBeHidden();
    await expect(page.getByTestId('system-status')).toBeVisible();

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBe(0);
  });
});
