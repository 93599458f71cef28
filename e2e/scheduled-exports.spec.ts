import { expect, test } from '@playwright/test';
import { artifact, colorScheme, linkFromMail, overflowX, signIn, unique, watchConsole } from './helpers.ts';

// Settings → Scheduled exports: a schedule is created, run now (and mailed as a link that downloads), paused and
// resumed, and deleted after a confirmation.

test.describe('scheduled exports', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('when a schedule is created and run now, then its run is sent and listed; pause, resume and delete work', async ({ page, baseURL }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    const name = `Weekly leads ${id}`;
    const recipient = `sched-${id}@example.test`;

    await page.goto('/w/demo/settings/scheduled-exports');
    await expect(page.getByRole('heading', { name: 'Scheduled exports' })).toBeVisible();
    await page.getByTestId('schedule-new').click();
    const form = page.getByRole('dialog', { name: 'New scheduled export' });
    await form.getByTestId('schedule-name').fill(name);
    await form.getByTestId('schedule-format').getByText('Excel (XLSX)').click();
    await form.getByTestId('schedule-delivery').getByText('Send a link').click();
    await form.getByTestId('schedule-time').fill('07:45');
    await form.getByTestId('schedule-recipients').fill(recipient);
    await form.getByTestId('schedule-recipients').press('Enter');
    await page.screenshot({ path: artifact('scheduled-export-form.png'), animations: 'disabled' });
    await form.getByTestId('schedule-save').click();
    await expect(form).toBeHidden();

    const row = page.getByTestId('schedule-row').filter({ hasText: name });
    await expect(row).toContainText('Every Monday at 07:45');
    await expect(row).toContainText('Customers · XLSX · 1 recipient');
    await expect(row.getByTestId('schedule-last-run')).toHaveText('Not yet');

    await row.getByTestId('schedule-run-now').click();
    const drawer = page.getByRole('dialog', { name: `Runs of “${name}”` });
    await expect(drawer.getByTestId('schedule-run').first()).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
    await expect(drawer.getByTestId('schedule-run').first()).toContainText('rows');
    await page.screenshot({ path: artifact('scheduled-export-runs.png'), animations: 'disabled' });
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
    await expect(row.getByTestId('schedule-last-run')).toContainText('Sent');

    // The recipient got a link that downloads the workbook.
    const link = await linkFromMail(page.request, recipient, new RegExp(`^${name}: `));
    const file = await page.request.get(link);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    await row.getByTestId('schedule-menu').click();
    await page.getByTestId('schedule-pause').click();
    await expect(row.getByTestId('schedule-paused')).toBeVisible();
    await row.getByTestId('schedule-menu').click();
    await page.getByTestId('schedule-resume').click();
    await expect(row.getByTestId('schedule-paused')).toHaveCount(0);
    await expect(row.getByTestId('schedule-next-run')).toContainText(/^in /);

    await row.getByTestId('schedule-menu').click();
    await page.getByTestId('schedule-delete').click();
    const confirm = page.getByRole('dialog', { name: 'Delete this scheduled export?' });
    await expect(confirm).toContainText(name);
    await confirm.getByTestId('confirm-modal-confirm').click();
    await expect(row).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('when the form is sent without recipients, then the field says so and nothing is saved', async ({ page, baseURL }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page, [/Failed to load resource.*scheduled-exports/]);
    await page.goto('/w/demo/settings/scheduled-exports');
    await page.getByTestId('schedule-new').click();
    const form = page.getByRole('dialog', { name: 'New scheduled export' });
    await form.getByTestId('schedule-name').fill(`No one ${unique()}`);
    await form.getByTestId('schedule-save').click();
    await expect(form.getByText('Name at least one recipient')).toBeVisible();
    await expect(form).toBeVisible();
    expect(problems).toEqual([]);
  });
});

test.describe('scheduled exports on a phone in dark mode', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });

  test('when the page and the form open on a 390 px screen, then they fit', async ({ page, baseURL }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    await page.goto('/w/demo/settings/scheduled-exports');
    await expect.poll(() => colorScheme(page)).toBe('dark');
    await expect(page.getByRole('heading', { name: 'Scheduled exports' })).toBeVisible();
    expect(await overflowX(page)).toBe(0);
    await page.getByTestId('schedule-new').click();
    const form = page.getByRole('dialog', { name: 'New scheduled export' });
    await expect(form.getByTestId('schedule-save')).toBeVisible();
    expect((await form.boundingBox())?.width).toBe(390);
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('scheduled-export-form-390-dark.png'), animations: 'disabled' });
    await page.goto('/w/demo/exports');
    await expect(page.getByRole('heading', { name: 'Exports' })).toBeVisible();
    expect(await overflowX(page)).toBe(0);
    expect(problems).toEqual([]);
  });
});
