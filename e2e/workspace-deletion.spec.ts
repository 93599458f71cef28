import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, artifact, colorScheme, linkFromMail, overflowX, post, signedInPage, unique, watchConsole } from './helpers.ts';

// The owner deletes a workspace: requests it, downloads the final archive, confirms by typing the name, sees the
// banner everywhere, cancels; then requests again and confirms, and the purge is scheduled. (The purge itself
// runs from the cron after the grace period; the server tests drive it with a controlled clock.)

async function createOwnWorkspace(page: Page, baseURL: string | undefined): Promise<{ slug: string; name: string }> {
  const name = `Doomed ${unique()}`;
  const created = await post(page.request, baseURL, '/api/v1/workspaces', { name });
  expect(created.status(), await created.text()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  const customer = await post(page.request, baseURL, `/api/v1/w/${slug}/customers`, { name: 'Ada Archived', email: 'ada@example.com' });
  expect(customer.status(), await customer.text()).toBe(201);
  return { slug, name };
}

/** Requests the deletion from the Danger zone and waits until the archive is ready (the page polls). */
async function requestUntilReady(page: Page) {
  await page.getByTestId('request-deletion').click();
  await expect(page.getByTestId('deletion-ready-card')).toBeVisible({ timeout: 30_000 });
}

/** Types the name in the confirmation modal: the button stays disabled until it matches exactly. */
async function confirmByName(page: Page, name: string) {
  await page.getByTestId('open-confirm-deletion').click();
  const modal = page.getByTestId('confirm-deletion-modal');
  const submit = modal.getByTestId('confirm-deletion-submit');
  await expect(submit).toBeDisabled();
  await modal.getByTestId('confirm-deletion-name').fill(name.toUpperCase());
  await expect(submit).toBeDisabled();
  await modal.getByTestId('confirm-deletion-name').fill(name);
  await expect(submit).toBeEnabled();
  await submit.click();
  await expect(modal).toBeHidden();
  await expect(page.getByTestId('deletion-scheduled-card')).toBeVisible();
}

test('when the owner deletes a workspace, then the archive downloads, the name confirms it, a banner shows the date, and it can be cancelled and scheduled again', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const page = await signedInPage(browser, baseURL);
  // No deletion yet: its state answers 404, which the page reads as "none".
  const problems = watchConsole(page, [/status of 404.*\/deletion\)/]);
  const { slug, name } = await createOwnWorkspace(page, baseURL);

  await page.goto(`/w/${slug}`);
  await page.getByTestId('nav-sidebar').getByRole('link', { name: 'Danger zone' }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings/danger-zone$`));
  await expect(page.getByRole('heading', { name: 'Danger zone', level: 1 })).toBeVisible();
  await expect(page.getByTestId('deletion-request-card')).toContainText('final archive');

  // 1. Request: the archive is prepared by the job queue, then offered.
  await requestUntilReady(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-archive').click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^grip-${slug}-final-archive-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
  const zip = readFileSync(await download.path());
  expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(zip.includes(Buffer.from('tables/customers.csv'))).toBe(true);
  // The same archive by the emailed link, without a session.
  const link = await linkFromMail(page.request, ADMIN_EMAIL, new RegExp(`final archive of “${name}”`));
  expect(link).toMatch(/^\/api\/v1\/workspace-archives\//);
  const anonymous = await browser.newContext();
  const byLink = await anonymous.request.get(link);
  expect(byLink.status()).toBe(200);
  expect((await byLink.body()).equals(zip)).toBe(true);

  // 2. Confirm by typing the name: the countdown starts.
  await confirmByName(page, name);
  await expect(page.getByTestId('deletion-countdown')).toContainText(/days?|h/);
  await page.screenshot({ path: artifact('workspace-deletion-scheduled.png'), animations: 'disabled' });

  // 3. Every page of the workspace says when; Cancel there keeps the workspace.
  await page.goto(`/w/${slug}/customers`);
  const banner = page.getByTestId('deletion-banner');
  await expect(banner).toContainText('This workspace will be deleted on');
  await banner.getByTestId('deletion-banner-cancel').click();
  await expect(banner).toBeHidden();
  expect(await (await page.request.get(`/api/v1/w/${slug}/deletion`)).json()).toMatchObject({ status: 'cancelled', archive: null });
  expect((await anonymous.request.get(link)).status()).toBe(410);
  await anonymous.close();

  // 4. A new request starts over; confirmed, the purge is scheduled.
  await page.goto(`/w/${slug}/settings/danger-zone`);
  await expect(page.getByTestId('deletion-cancelled-note')).toBeVisible();
  await requestUntilReady(page);
  await confirmByName(page, name);
  const scheduled = (await (await page.request.get(`/api/v1/w/${slug}/deletion`)).json()) as { status: string; purgeAfter: string; graceHours: number; confirmedAt: string };
  expect(scheduled.status).toBe('scheduled');
  expect(Date.parse(scheduled.purgeAfter) - Date.parse(scheduled.confirmedAt)).toBe(scheduled.graceHours * 3_600_000);
  await page.goto(`/w/${slug}`);
  await expect(page.getByTestId('deletion-banner')).toBeVisible();

  // Phone width in dark mode: nothing scrolls sideways, the banner and the Danger zone still fit.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => colorScheme(page)).toBe('dark');
  await expect(page.getByTestId('deletion-banner')).toBeVisible();
  expect(await overflowX(page)).toBeLessThanOrEqual(0);
  await page.goto(`/w/${slug}/settings/danger-zone`);
  await expect(page.getByTestId('deletion-scheduled-card')).toBeVisible();
  expect(await overflowX(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: artifact('workspace-deletion-390-dark.png'), animations: 'disabled' });
  expect(problems).toEqual([]);
});
