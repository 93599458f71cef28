import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { API, artifact, colorScheme, create, overflowX, parseCsv, post, signIn, unique, watchConsole } from './helpers.ts';

// Imports in the browser: a messy spreadsheet export (Latin-1, semicolons, odd headers, bad cells, a duplicate)
// dropped into the wizard, mapped, previewed, dry-run, imported, its error report read, the customers found and
// exported again; the wizard on a phone in dark mode; and an import undone from its page.


/** The header and rows of a CSV file as objects by column name. */
function records(text: string): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

/**
 * A contact export as an old spreadsheet writes it: Windows-1252, semicolons, its own column names, a column
 * nobody needs, an unknown column ("Arbeitgeber" = employer), two bad cells, one person twice, and one person the
 * workspace already has (`existing`).
 */
function messyContacts(id: string, existing = `existing-${unique()}@example.test`) {
  const people = {
    jurgen: { name: `Jürgen Müller ${id}`, email: `jurgen-${id}@example.test`, phone: '+49 30 12345678', company: 'Müller GmbH' },
    zoe: { name: `Zoë Ångström ${id}`, email: `zoe-${id}@example.test`, phone: '+49 89 1234567', company: 'Nordisk AB' },
    lea: { name: `Léa Dubois ${id}`, email: `lea-${id}@example.test`, phone: '+33 1 23 45 67 89', company: 'Café SARL' },
  };
  const lines = [
    'E-mail Address;Full Name;Tel;Arbeitgeber;Lieblingsfarbe',
    `${people.jurgen.email};${people.jurgen.name};${people.jurgen.phone};${people.jurgen.company};blau`,
    `${people.zoe.email};${people.zoe.name};${people.zoe.phone};${people.zoe.company};grün`,
    `not-an-email;Broken Mail ${id};+49 30 87654321;Irgendwo KG;rot`,
    `kai-${id}@example.test;Kai Fehler ${id};12-ab;Fehler AG;gelb`,
    `${people.jurgen.email};Jürgen Doppelt ${id};${people.jurgen.phone};Müller GmbH;blau`,
    `${people.lea.email};${people.lea.name};${people.lea.phone};${people.lea.company};violett`,
    `${existing};Schon Da;+49 30 11223344;Alt GmbH;schwarz`,
  ];
  return { people, buffer: Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1') };
}

/** Drops a file on an element the way a user drags one from the desktop (a real `drop` with a DataTransfer). */
async function dropFile(page: Page, target: Locator, file: { name: string; mimeType: string; buffer: Buffer }) {
  const dataTransfer = await page.evaluateHandle(
    ({ bytes, name, type }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type }));
      return transfer;
    },
    { bytes: [...file.buffer], name: file.name, type: file.mimeType },
  );
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

/** Picks `option` in the Select that maps a column of the file. */
async function mapColumn(page: Page, header: string, option: string) {
  await page.getByRole('combobox', { name: `Import column “${header}” as` }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(page.getByRole('combobox', { name: `Import column “${header}” as` })).toHaveValue(option);
}

/** The list opens as this admin last left it: start from the default view. */
async function showAllCustomers(page: Page) {
  await page.getByTestId('customers-views').click();
  await page.getByRole('menuitem', { name: 'All customers' }).click();
  await expect(page.getByTestId('customers-views')).toHaveText('All customers');
}

interface ImportRef {
  id: string;
  status: string;
  created: number;
}

/** An import made through the API: uploaded, started and finished. */
async function importThroughApi(page: Page, baseURL: string | undefined, name: string, csv: string): Promise<ImportRef> {
  const uploaded = await page.request.post(`${API}/imports?entity=customers`, {
    headers: { origin: baseURL ?? '' },
    multipart: { file: { name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`, 'utf8') } },
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const { id } = (await uploaded.json()) as ImportRef;
  const started = await post(page.request, baseURL, `${API}/imports/${id}/start`, { dryRun: false });
  expect(started.status(), await started.text()).toBe(202);
  let job: ImportRef | undefined;
  await expect(async () => {
    job = (await (await page.request.get(`${API}/imports/${id}`)).json()) as ImportRef;
    expect(job.status).toBe('done');
  }).toPass({ timeout: 30_000 });
  return job!;
}


// The journeys use the admin's remembered customers list: one after another.
test.describe.configure({ mode: 'serial' });

test.describe('imports', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('when a messy Latin-1 CSV is dropped, mapped, checked and imported, then the valid rows are customers, the bad ones are in the error report, and the export has them', async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(150_000);
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    // Already a customer: the import skips this row (matched on email).
    const existing = await create<{ email: string }>(page, baseURL, '/customers', { name: `Schon Da ${unique()}`, email: `existing-${unique()}@example.test` });
    const { people, buffer } = messyContacts(id, existing.email);
    const fileName = `contacts-${id}.csv`;

    // The way in: the sidebar has Imports; the customers list has Import.
    await page.goto('/w/demo/customers');
    await expect(page.getByRole('link', { name: 'Imports' })).toBeVisible();
    await page.getByTestId('customers-import').click();
    await expect(page).toHaveURL(/\/w\/demo\/imports\/new\?entity=customers$/);
    await expect(page.getByRole('heading', { name: 'Import customers' })).toBeVisible();

    // 1. Upload: the file is dropped on the dropzone.
    await dropFile(page, page.getByTestId('import-dropzone'), { name: fileName, mimeType: 'text/csv', buffer });
    await expect(page).toHaveURL(/\/w\/demo\/imports\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const importId = page.url().split('/').pop()!;
    await expect(page.getByTestId('import-file-name')).toHaveText(fileName);

    // 2. Mapping: encoding and delimiter were detected; the known headers are suggested, the unknown ones are not.
    await expect(page.getByTestId('import-mapping-step')).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Encoding' })).toHaveValue(/Latin-1/);
    await expect(page.getByRole('combobox', { name: 'Separator' })).toHaveValue(/Semicolon/);
    const rows = page.getByTestId('import-mapping-row');
    await expect(rows).toHaveCount(5);
    // Read as Latin-1: the accents are right in the samples.
    await expect(rows.nth(1)).toContainText(people.zoe.name);
    await expect(page.getByRole('combobox', { name: 'Import column “E-mail Address” as' })).toHaveValue('Email');
    await expect(page.getByRole('combobox', { name: 'Import column “Full Name” as' })).toHaveValue('Name (required)');
    await expect(page.getByRole('combobox', { name: 'Import column “Tel” as' })).toHaveValue('Phone');
    await expect(page.getByRole('combobox', { name: 'Import column “Arbeitgeber” as' })).toHaveValue('Don’t import');
    await expect(page.getByRole('combobox', { name: 'Import column “Lieblingsfarbe” as' })).toHaveValue('Don’t import');
    // A field already taken by one column cannot be picked for another.
    await page.getByRole('combobox', { name: 'Import column “Lieblingsfarbe” as' }).click();
    await expect(page.getByRole('option', { name: /^Email/ })).toHaveAttribute('data-combobox-disabled', 'true');
    await page.keyboard.press('Escape');
    // By hand: the employer column is the company, and people are the same when their email is.
    await mapColumn(page, 'Arbeitgeber', 'Company');
    await expect(page.getByTestId('import-mapping-saving')).toHaveText('4 of 5 columns will be imported.');
    await page.getByRole('combobox', { name: 'Match on' }).click();
    await page.getByRole('option', { name: 'Email', exact: true }).click();
    await expect(page.getByRole('combobox', { name: 'Match on' })).toHaveValue('Email');
    await expect(page.getByTestId('import-required-fields')).toContainText('Name');
    await page.screenshot({ path: artifact('import-mapping.png'), animations: 'disabled' });
    // Saved on the server, not only in the page.
    await expect
      .poll(async () => (await page.request.get(`${API}/imports/${importId}`)).json())
      .toMatchObject({ mapping: { '0': 'email', '1': 'name', '2': 'phone', '3': 'company' }, duplicateMode: 'skip', matchKey: 'email' });

    // 3. Preview: the bad cells are flagged with their reason; the person already known is skipped.
    await page.getByTestId('import-to-preview').click();
    const previewRows = page.getByTestId('import-preview-row');
    await expect(previewRows).toHaveCount(7);
    await expect(page.getByTestId('import-mapping-issues')).toHaveCount(0);
    const badEmail = page.locator('[data-testid="import-preview-row"][data-row="4"]');
    await expect(badEmail).toHaveAttribute('data-action', 'error');
    await expect(badEmail.getByTestId('import-invalid-cell')).toHaveAttribute('data-field', 'email');
    await expect(badEmail.getByTestId('import-invalid-cell')).toHaveAttribute('data-reason', /not an email address/);
    // An invalid cell shows what the file says.
    await expect(badEmail.getByTestId('import-invalid-cell')).toHaveText('not-an-email');
    const badPhone = page.locator('[data-testid="import-preview-row"][data-row="5"]');
    await expect(badPhone).toHaveAttribute('data-action', 'error');
    await expect(badPhone.getByTestId('import-invalid-cell')).toHaveAttribute('data-field', 'phone');
    // The reason is told on hover.
    await badPhone.getByTestId('import-invalid-cell').locator('[tabindex="0"]').hover();
    await expect(page.getByRole('tooltip')).toContainText('not a valid phone number');
    // The same person twice in the file: the second row is an error, not a silent second record.
    const twice = page.locator('[data-testid="import-preview-row"][data-row="6"]');
    await expect(twice).toHaveAttribute('data-action', 'error');
    await expect(twice.getByTestId('import-invalid-cell')).toHaveAttribute('data-reason', 'duplicate of row 2 in this file');
    await expect(page.locator('[data-testid="import-preview-row"][data-row="8"]')).toHaveAttribute('data-action', 'skip');
    for (const row of [2, 3, 7]) await expect(page.locator(`[data-testid="import-preview-row"][data-row="${row}"]`)).toHaveAttribute('data-action', 'create');
    // Stored as normalised: the phone in international form, the company from the hand-mapped column.
    await expect(page.locator('[data-testid="import-preview-row"][data-row="2"]')).toContainText('+493012345678');
    await expect(page.locator('[data-testid="import-preview-row"][data-row="2"]')).toContainText(people.jurgen.company);
    await page.screenshot({ path: artifact('import-preview.png'), animations: 'disabled' });

    // A dry run counts what would happen and writes nothing.
    await page.getByTestId('import-dry-run').click();
    const dryRun = page.getByTestId('import-dry-run-counts');
    await expect(dryRun).toBeVisible({ timeout: 30_000 });
    await expect(dryRun.getByTestId('import-count-created').getByTestId('import-count-value')).toHaveText('3');
    await expect(dryRun.getByTestId('import-count-skipped').getByTestId('import-count-value')).toHaveText('1');
    await expect(dryRun.getByTestId('import-count-failed').getByTestId('import-count-value')).toHaveText('3');
    const before = (await (await page.request.get(`${API}/customers/count?q=${id}`)).json()) as { count: number };
    expect(before.count).toBe(0);

    // 4. The import itself: progress, then what it did.
    await page.getByTestId('import-start').click();
    await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('import-status')).toHaveText('Done with errors');
    const counts = page.getByTestId('import-counts');
    await expect(counts.getByTestId('import-count-created').getByTestId('import-count-value')).toHaveText('3');
    await expect(counts.getByTestId('import-count-updated').getByTestId('import-count-value')).toHaveText('0');
    await expect(counts.getByTestId('import-count-skipped').getByTestId('import-count-value')).toHaveText('1');
    await expect(counts.getByTestId('import-count-failed').getByTestId('import-count-value')).toHaveText('3');
    await page.screenshot({ path: artifact('import-done.png'), animations: 'disabled' });

    // The error report: one line per bad cell, with the row, the column of the file, the value and the reason.
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-errors-download').click()]);
    expect(await report.failure()).toBeNull();
    const errors = records(readFileSync((await report.path())!, 'utf8'));
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatchObject({ row: '4', column: 'E-mail Address', value: 'not-an-email' });
    expect(errors[0]!.reason).toMatch(/not an email address/);
    expect(errors[1]).toMatchObject({ row: '5', column: 'Tel', value: '12-ab' });
    expect(errors[1]!.reason).toMatch(/not a valid phone number/);
    expect(errors[2]).toMatchObject({ row: '6', column: 'E-mail Address', value: people.jurgen.email, reason: 'duplicate of row 2 in this file' });

    // The customers are in the list.
    await page.getByTestId('import-open-records').click();
    await expect(page).toHaveURL(/\/w\/demo\/customers$/);
    await showAllCustomers(page);
    await page.getByRole('searchbox', { name: 'Search customers' }).fill(id);
    const listRows = page.getByTestId('data-table-row');
    await expect(listRows).toHaveCount(3);
    await expect(page.getByTestId('customers-count')).toHaveText('3 customers');
    for (const person of Object.values(people)) await expect(listRows.filter({ hasText: person.name })).toHaveCount(1);

    // Exported again from the filtered list: the same three, with what the import stored.
    await page.getByTestId('customers-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export customers' });
    await expect(dialog.getByTestId('export-note')).toHaveText('Exports everything that matches the current filters (3 rows).');
    const [exported] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
    expect(await exported.failure()).toBeNull();
    expect(new URL(exported.url()).searchParams.get('q')).toBe(id);
    const file = records(readFileSync((await exported.path())!, 'utf8'));
    expect(file.map((row) => row.name).sort()).toEqual(Object.values(people).map((p) => p.name).sort());
    const jurgen = file.find((row) => row.email === people.jurgen.email);
    // The phone as the import stored it; the export writes a leading + with an apostrophe (no spreadsheet formula).
    expect(jurgen).toMatchObject({ name: people.jurgen.name, phone: "'+493012345678", company: 'Müller GmbH' });
    expect(file.find((row) => row.email === people.zoe.email)).toMatchObject({ name: people.zoe.name, company: 'Nordisk AB' });

    // The history lists the import with its counts.
    await page.goto('/w/demo/imports');
    const historyRow = page.locator(`[data-testid="import-row"][data-import-id="${importId}"]`);
    await expect(historyRow).toContainText(fileName);
    await expect(historyRow.getByTestId('import-row-counts')).toHaveText('3 new · 0 updated · 1 skipped · 3 failed');
    await expect(historyRow.getByTestId('import-row-errors')).toBeVisible();

    expect(problems).toEqual([]);
  });

  test('when an import is undone from its page, then the customers it created are gone and it shows as undone', async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    const job = await importThroughApi(
      page,
      baseURL,
      `undo-${id}.csv`,
      `name,email\r\nUndo One ${id},undo-one-${id}@example.test\r\nUndo Two ${id},undo-two-${id}@example.test\r\n`,
    );
    expect(job.created).toBe(2);
    const count = async () => ((await (await page.request.get(`${API}/customers/count?q=${id}`)).json()) as { count: number }).count;
    expect(await count()).toBe(2);

    await page.goto(`/w/demo/imports/${job.id}`);
    await expect(page.getByTestId('import-done')).toBeVisible();
    await page.getByTestId('import-undo').click();
    const confirm = page.getByRole('dialog', { name: 'Undo this import?' });
    await expect(confirm).toContainText('The 2 customers it created will be removed');
    await confirm.getByTestId('confirm-modal-confirm').click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId('import-undone')).toBeVisible();
    await expect(page.getByTestId('import-status')).toHaveText('Undone');
    await expect(page.getByText('2 customers removed, 0 restored as they were.')).toBeVisible();
    await expect(page.getByTestId('import-undo')).toHaveCount(0);
    expect(await count()).toBe(0);

    // The history says so, and offers no second undo.
    await page.goto('/w/demo/imports');
    const historyRow = page.locator(`[data-testid="import-row"][data-import-id="${job.id}"]`);
    await expect(historyRow.getByTestId('import-status')).toHaveText('Undone');
    await expect(historyRow.getByTestId('import-row-undo')).toHaveCount(0);
    await page.screenshot({ path: artifact('imports-history.png'), animations: 'disabled' });

    expect(problems).toEqual([]);
  });
});

test.describe('import templates', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('when a mapping is saved as a template, then the next file with the same columns is offered it, and it can be deleted', async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    const templateName = `Kontakte ${id}`;

    // The tickets list opens the wizard for tickets too.
    await page.goto('/w/demo/tickets');
    await page.getByTestId('tickets-import').click();
    await expect(page).toHaveURL(/\/w\/demo\/imports\/new\?entity=tickets$/);
    await expect(page.getByRole('heading', { name: 'Import tickets' })).toBeVisible();

    // First file: the employer column mapped by hand, then saved as a template.
    await page.goto('/w/demo/imports/new?entity=customers');
    await page.getByTestId('import-dropzone').locator('input[type="file"]').setInputFiles({ name: `first-${id}.csv`, mimeType: 'text/csv', buffer: messyContacts(id).buffer });
    await expect(page.getByTestId('import-mapping-step')).toBeVisible({ timeout: 20_000 });
    const firstUrl = page.url();
    await mapColumn(page, 'Arbeitgeber', 'Company');
    await page.getByTestId('import-template-save').click();
    const modal = page.getByRole('dialog', { name: 'Save the mapping as a template' });
    await modal.getByTestId('import-template-submit').click();
    await expect(modal.getByText('Give the template a name')).toBeVisible();
    await modal.getByTestId('import-template-name').fill(templateName);
    await modal.getByTestId('import-template-submit').click();
    await expect(modal).toBeHidden();
    await expect(page.getByTestId('import-template-select')).toHaveValue(new RegExp(`^${templateName}`));

    // Second file with the same columns: the template is suggested; applied, the employer column is the company.
    await page.goto('/w/demo/imports/new?entity=customers');
    await page.getByTestId('import-dropzone').locator('input[type="file"]').setInputFiles({ name: `second-${id}.csv`, mimeType: 'text/csv', buffer: messyContacts(unique()).buffer });
    await expect(page.getByTestId('import-mapping-step')).toBeVisible({ timeout: 20_000 });
    const suggestion = page.getByTestId('import-template-suggestion');
    await expect(suggestion).toContainText(`“${templateName}” fits 80% of the columns.`);
    await page.getByTestId('import-template-apply-best').click();
    await expect(page.getByRole('combobox', { name: 'Import column “Arbeitgeber” as' })).toHaveValue('Company');
    await expect(page.getByRole('combobox', { name: 'Import column “Lieblingsfarbe” as' })).toHaveValue('Don’t import');

    // Deleted, it is offered no more.
    await page.getByRole('button', { name: `Delete the template ${templateName}` }).click();
    await expect(page.getByTestId('import-template-suggestion')).toHaveCount(0);
    const templates = (await (await page.request.get(`${API}/import-templates?entity=customers`)).json()) as { items: { name: string }[] };
    expect(templates.items.map((t) => t.name)).not.toContain(templateName);

    // Leave nothing behind: both uploads are discarded.
    for (const url of [firstUrl, page.url()]) {
      const cancelled = await post(page.request, baseURL, `${API}/imports/${url.split('/').pop()}/cancel`);
      expect(cancelled.ok(), await cancelled.text()).toBe(true);
    }
    expect(problems).toEqual([]);
  });
});

test.describe('imports on a phone in dark mode', () => {
  test.use({ viewport: { width: 375, height: 812 }, colorScheme: 'dark' });

  test('when the wizard is used on a 375 px screen in dark mode, then every step fits and its tables scroll sideways', async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    const { buffer } = messyContacts(id);

    await page.goto('/w/demo/imports/new?entity=customers');
    await expect.poll(() => colorScheme(page)).toBe('dark');
    await expect(page.getByTestId('import-step-name')).toHaveText('Step 1 of 4: Upload');
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('import-upload-375-dark.png'), animations: 'disabled' });

    await page.getByTestId('import-dropzone').locator('input[type="file"]').setInputFiles({ name: `phone-${id}.csv`, mimeType: 'text/csv', buffer });
    await expect(page.getByTestId('import-mapping-step')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('import-step-name')).toHaveText('Step 2 of 4: Map columns');
    expect(await overflowX(page)).toBe(0);
    // The table is wider than the screen: it scrolls inside its card, the page does not.
    const table = page.getByTestId('import-mapping-table');
    expect((await table.boundingBox())!.width).toBeGreaterThan(375);
    const scroller = table.locator('xpath=ancestor::*[contains(@class, "ScrollArea-viewport")][1]');
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await page.screenshot({ path: artifact('import-mapping-375-dark.png'), fullPage: true, animations: 'disabled' });

    await mapColumn(page, 'Arbeitgeber', 'Company');
    await page.getByRole('combobox', { name: 'Match on' }).click();
    await page.getByRole('option', { name: 'Email', exact: true }).click();
    await page.getByTestId('import-to-preview').click();
    await expect(page.getByTestId('import-preview-row')).toHaveCount(7);
    await expect(page.getByTestId('import-step-name')).toHaveText('Step 3 of 4: Preview & check');
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('import-preview-375-dark.png'), fullPage: true, animations: 'disabled' });

    // Leave nothing behind: the upload is discarded.
    const cancelled = await post(page.request, baseURL, `${API}/imports/${page.url().split('/').pop()}/cancel`);
    expect(cancelled.ok(), await cancelled.text()).toBe(true);

    // The history fits too: its table scrolls inside its card.
    await page.goto('/w/demo/imports');
    await expect(page.getByTestId('import-row').first()).toBeVisible();
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('imports-history-375-dark.png'), animations: 'disabled' });
    expect(problems).toEqual([]);
  });
});
