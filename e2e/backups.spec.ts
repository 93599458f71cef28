import { expect, test, type Page } from '@playwright/test';
import { artifact, colorScheme, overflowX, post, signedInPage, signIn, watchConsole } from './helpers.ts';

// The operator takes a backup from the admin console and finds it again after a reload.

const BACKUPS_API = '/api/v1/admin/backups';

async function backupNames(page: Page): Promise<string[]> {
  const response = await page.request.get(BACKUPS_API);
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { items: { name: string }[] }).items.map((b) => b.name);
}

/** Holds the next "Back up now" request until `release` is called, so the in-progress state can be seen. */
async function holdNextBackup(page: Page): Promise<() => Promise<void>> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held: Promise<void> | undefined;
  await page.route(BACKUPS_API, (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    held = released.then(() => route.continue());
    return held;
  });
  return async () => {
    release();
    await held;
    await page.unroute(BACKUPS_API);
  };
}

test('when the admin clicks "Back up now", then a new backup row with its size appears and is still there after a reload', async ({ browser, baseURL }) => {
  const page = await signedInPage(browser, baseURL);
  const problems = watchConsole(page);
  const before = await backupNames(page);

  await page.goto('/admin');
  await page.getByTestId('nav-sidebar').getByRole('link', { name: 'Backups' }).click();
  await expect(page).toHaveURL(/\/admin\/backups$/);
  const backups = page.getByTestId('backups-page');
  await expect(backups.getByRole('heading', { name: 'Backups', level: 1 })).toBeVisible();
  await expect(backups.getByTestId('backup-schedule')).toContainText('Daily at 02:00 UTC');
  await expect(backups.getByTestId('backup-not-included')).toContainText('DATA_DIR/secrets.json');
  await expect(backups.getByTestId('backup-restore')).toContainText('npm run restore --');

  const release = await holdNextBackup(page);
  const answered = page.waitForResponse((response) => response.url().endsWith(BACKUPS_API) && response.request().method() === 'POST');
  await backups.getByTestId('backup-now').click();
  await expect(backups.getByTestId('backup-now')).toHaveText('Backing up…');
  await expect(backups.getByTestId('backup-now')).toBeDisabled();
  await expect(backups.getByTestId('backup-in-progress')).toBeVisible();
  await page.screenshot({ path: artifact('backups-in-progress.png'), animations: 'disabled' });
  await release();
  const response = await answered;
  expect(response.status()).toBe(201);
  const { name } = (await response.json()) as { name: string };

  await expect(backups.getByTestId('backup-now')).toHaveText('Back up now');
  await expect(backups.getByTestId('backup-in-progress')).toHaveCount(0);
  const size = /^\d+(\.\d)? (B|KB|MB|GB)$/;
  await expect(backups.getByTestId('data-table-row').filter({ hasText: name }).getByTestId('backup-size')).toHaveText(size);
  expect(before).not.toContain(name);
  expect(await backupNames(page)).toContain(name);

  await page.reload();
  await expect(page.getByTestId('data-table-row').filter({ hasText: name }).getByTestId('backup-size')).toHaveText(size);
  await page.screenshot({ path: artifact('backups-1280.png'), fullPage: true, animations: 'disabled' });
  expect(problems).toEqual([]);
});

test('when a backup fails, then its message is shown on the page', async ({ browser, baseURL }) => {
  const page = await signedInPage(browser, baseURL);
  // The embedded database's owner may back up; a role that cannot is what the server answers 409 backup_role for.
  const message = 'Backups need a database role that bypasses row-level security (superuser or BYPASSRLS) in DATABASE_URL';
  await page.route(BACKUPS_API, (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'backup_role', message } }) })
      : route.fallback(),
  );
  const problems = watchConsole(page, [/409/]);
  await page.goto('/admin/backups');
  await page.getByTestId('backup-now').click();
  const alert = page.getByTestId('backup-error');
  await expect(alert).toContainText('The backup failed');
  await expect(alert).toContainText(message);
  await expect(alert).toContainText('backup_role');
  await expect(page.getByTestId('backup-now')).toHaveText('Back up now');
  expect(problems).toEqual([]);
});

test('when there are no backups yet, then the empty state says when the first one runs', async ({ browser, baseURL }) => {
  const page = await signedInPage(browser, baseURL);
  // Other journeys of this run take backups: the answer is emptied rather than the directory.
  await page.route(BACKUPS_API, async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...((await response.json()) as object), items: [] } });
  });
  await page.goto('/admin/backups');
  const empty = page.getByTestId('backups-empty');
  await expect(empty).toContainText('No backups yet');
  await expect(empty).toContainText('The first one runs tonight at 02:00 UTC, or take one now.');
});

test.describe('backups on a phone in dark mode', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });

  test('when the backups page opens on a 390 px screen in dark mode, then its cards and guide fit the screen', async ({ page, baseURL }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    // A backup, so that there is a card to look at (its file name is long).
    const made = await post(page.request, baseURL, BACKUPS_API);
    expect(made.status(), await made.text()).toBe(201);

    await page.goto('/admin/backups');
    await expect.poll(() => colorScheme(page)).toBe('dark');
    await expect(page.getByTestId('data-table-card').filter({ hasText: ((await made.json()) as { name: string }).name })).toBeVisible();
    await expect(page.getByTestId('backup-now')).toBeVisible();
    await expect(page.getByTestId('backup-restore')).toBeVisible();
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('backups-390-dark.png'), fullPage: true, animations: 'disabled' });
    expect(problems).toEqual([]);
  });
});
