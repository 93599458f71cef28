import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { ADMIN_EMAIL, API, artifact, colorScheme, create, linkFromMail, overflowX, parseCsv, signIn, unique, watchConsole, type TicketRef } from './helpers.ts';

// CSV exports from the customers and tickets lists: the file holds what the list's filters and sort match (all of
// it, not the loaded page), with the fields chosen in the dialog, an optional byte-order mark, and spreadsheet
// formulas neutralised.

const CUSTOMER_FIELDS = ['id', 'name', 'kind', 'email', 'phone', 'company', 'status', 'tags', 'owner', 'addressLine1', 'addressLine2', 'city', 'region', 'postalCode', 'country', 'custom', 'notes', 'createdAt', 'updatedAt'];
const TICKET_FIELDS = ['number', 'title', 'description', 'customer', 'customerEmail', 'stage', 'priority', 'assignee', 'dueAt', 'overdue', 'completedAt', 'source', 'createdAt', 'updatedAt', 'messages'];


/** Clicks Download in the export dialog and returns the download with the file's text (byte-order mark kept). */
async function download(page: Page, dialog: Locator): Promise<{ file: Download; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
  expect(await file.failure()).toBeNull();
  return { file, text: readFileSync((await file.path())!, 'utf8') };
}

/** The header and the rows of a CSV with a cell reader by column name. */
function table(text: string) {
  const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  const cell = (row: string[], column: string) => {
    const at = header.indexOf(column);
    expect(at, `the column ${column}`).toBeGreaterThanOrEqual(0);
    return row[at];
  };
  return { header, rows, cell };
}

async function apiCount(page: Page, path: string): Promise<number> {
  const response = await page.request.get(`${API}${path}`);
  expect(response.ok(), await response.text()).toBe(true);
  const { count, capped } = (await response.json()) as { count: number; capped: boolean };
  expect(capped).toBe(false);
  return count;
}

const createCustomer = (page: Page, baseURL: string | undefined, body: Record<string, unknown>) =>
  create<{ id: string; name: string; email: string }>(page, baseURL, '/customers', body);

/** The list opens as this admin last left it: start from the default view. */
async function showAll(page: Page, list: 'customers' | 'tickets') {
  await page.getByTestId(`${list}-views`).click();
  await page.getByRole('menuitem', { name: `All ${list}` }).click();
  await expect(page.getByTestId(`${list}-views`)).toHaveText(`All ${list}`);
}

// One admin's remembered list state ("last view") is shared by these tests: run them one after another.
test.describe.configure({ mode: 'serial' });

test.describe('exports', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('when customers are filtered by a status and exported without Email, then the file has the other fields and every customer of that status', async ({
    page,
    baseURL,
  }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    const churned = await createCustomer(page, baseURL, { name: `Gone ${id}`, email: `gone-${id}@example.test`, status: 'churned' });
    const active = await createCustomer(page, baseURL, { name: `Still here ${id}`, email: `here-${id}@example.test`, status: 'active' });

    await page.goto('/w/demo/customers');
    await showAll(page, 'customers');
    await page.getByTestId('customers-filters').click();
    const drawer = page.getByRole('dialog', { name: 'Filters' });
    await drawer.getByTestId('filter-status-churned').click();
    await drawer.getByRole('button', { name: 'Apply filters' }).click();
    await expect(drawer).toBeHidden();
    const matching = await apiCount(page, '/customers/count?status=churned');
    await expect(page.getByTestId('customers-count')).toHaveText(new RegExp(`^${matching.toLocaleString('en-US')} customers?$`));

    await page.getByTestId('customers-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export customers' });
    await expect(dialog.getByTestId('export-note')).toHaveText(
      `Exports everything that matches the current filters (${matching.toLocaleString('en-US')} ${matching === 1 ? 'row' : 'rows'}).`,
    );
    // Every field is ticked at first, the byte-order mark is off.
    for (const checkbox of await dialog.getByRole('checkbox').all()) await expect(checkbox).toBeChecked();
    await expect(dialog.getByRole('switch', { name: 'Add a byte-order mark for Excel' })).not.toBeChecked();
    await dialog.getByRole('checkbox', { name: 'Email', exact: true }).uncheck();
    await page.screenshot({ path: artifact('export-customers-dialog.png'), animations: 'disabled' });

    const { file, text } = await download(page, dialog);
    await expect(dialog).toBeHidden();
    expect(file.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const asked = new URL(file.url()).searchParams;
    expect(asked.get('status')).toBe('churned');
    expect(asked.get('bom')).toBe('false');

    expect(text.startsWith('\uFEFF')).toBe(false);
    const csv = table(text);
    expect(csv.header).toEqual(CUSTOMER_FIELDS.filter((field) => field !== 'email'));
    // All matching customers, not the first page of the list.
    expect(csv.rows).toHaveLength(matching);
    for (const row of csv.rows) expect(csv.cell(row, 'status')).toBe('churned');
    const names = csv.rows.map((row) => csv.cell(row, 'name'));
    expect(names).toContain(churned.name);
    expect(names).not.toContain(active.name);
    expect(text).not.toContain(churned.email);

    expect(problems).toEqual([]);
  });

  test('when a customer is named like a spreadsheet formula, then the export writes it with a leading apostrophe', async ({ page, baseURL }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    const formula = await createCustomer(page, baseURL, { name: '=HYPERLINK(1)', email: `hyperlink-${id}@example.test` });

    await page.goto('/w/demo/customers');
    await showAll(page, 'customers');
    await page.getByRole('searchbox', { name: 'Search customers' }).fill(`hyperlink-${id}`);
    await expect(page.getByTestId('data-table-row')).toHaveCount(1);
    await expect(page.getByTestId('customers-count')).toHaveText('1 customer');

    await page.getByTestId('customers-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export customers' });
    await expect(dialog.getByTestId('export-note')).toHaveText('Exports everything that matches the current filters (1 row).');
    // With no field chosen there is nothing to download.
    await dialog.getByTestId('export-select-none').click();
    for (const checkbox of await dialog.getByRole('checkbox').all()) await expect(checkbox).not.toBeChecked();
    await expect(dialog.getByText('Choose at least one field.')).toBeVisible();
    await expect(dialog.getByTestId('export-download')).toBeDisabled();
    await dialog.getByRole('checkbox', { name: 'Name', exact: true }).check();
    await dialog.getByRole('checkbox', { name: 'Email', exact: true }).check();

    const { file, text } = await download(page, dialog);
    expect(new URL(file.url()).searchParams.get('q')).toBe(`hyperlink-${id}`);
    const csv = table(text);
    expect(csv.header).toEqual(['name', 'email']);
    expect(csv.rows).toEqual([[`'=HYPERLINK(1)`, formula.email]]);

    expect(problems).toEqual([]);
  });

  test('when tickets are filtered by a priority, sorted by title and exported with a byte-order mark, then the file keeps that filter, order and fields', async ({
    page,
    baseURL,
  }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    const customer = await createCustomer(page, baseURL, { name: `Export customer ${id}`, email: `export-${id}@example.test` });
    const ticket = (title: string, priority: string) => create<TicketRef>(page, baseURL, '/tickets', { customerId: customer.id, title: `${title} ${id}`, priority });
    const alpha = await ticket('Alpha', 'urgent');
    const bravo = await ticket('Bravo', 'urgent');
    await ticket('Charlie', 'low');

    await page.goto('/w/demo/tickets');
    await showAll(page, 'tickets');
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill(id);
    const rows = page.getByTestId('data-table-row');
    await expect(rows).toHaveCount(3);
    await page.getByTestId('tickets-filters').click();
    const drawer = page.getByRole('dialog', { name: 'Filters' });
    await drawer.getByTestId('filter-priority-urgent').click();
    await drawer.getByRole('button', { name: 'Apply filters' }).click();
    await expect(drawer).toBeHidden();
    await expect(rows).toHaveCount(2);
    // Title, descending: the second click on its header.
    const titleSort = page.getByTestId('data-table-sort-title');
    await titleSort.click();
    await titleSort.click();
    await expect(page.getByRole('columnheader', { name: /^Title/ })).toHaveAttribute('aria-sort', 'descending');
    await expect(rows.first()).toContainText(bravo.title);

    await page.getByTestId('tickets-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export tickets' });
    await expect(dialog.getByTestId('export-note')).toHaveText('Exports everything that matches the current filters (2 rows).');
    await dialog.getByRole('checkbox', { name: 'Description', exact: true }).uncheck();
    await dialog.getByRole('checkbox', { name: 'Messages', exact: true }).uncheck();
    await dialog.getByRole('switch', { name: 'Add a byte-order mark for Excel' }).check();

    const { file, text } = await download(page, dialog);
    expect(file.suggestedFilename()).toMatch(/^tickets-\d{4}-\d{2}-\d{2}\.csv$/);
    const asked = new URL(file.url()).searchParams;
    expect(asked.get('priority')).toBe('urgent');
    expect(asked.get('sort')).toBe('-title');
    expect(asked.get('bom')).toBe('true');

    expect(text.startsWith('\uFEFF')).toBe(true);
    const csv = table(text);
    expect(csv.header).toEqual(TICKET_FIELDS.filter((field) => field !== 'description' && field !== 'messages'));
    expect(csv.rows).toHaveLength(await apiCount(page, `/tickets/count?priority=urgent&q=${id}`));
    for (const row of csv.rows) expect(csv.cell(row, 'priority')).toBe('urgent');
    expect(csv.rows.map((row) => csv.cell(row, 'title'))).toEqual([bravo.title, alpha.title]);
    expect(csv.rows.map((row) => csv.cell(row, 'number'))).toEqual([String(bravo.number), String(alpha.number)]);

    expect(problems).toEqual([]);
  });
});

/** The first sheet of an XLSX file as rows of text cells. */
async function sheetRows(path: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const value = row.getCell(c).value;
      cells.push(value === null || value === undefined ? '' : String(value));
    }
    rows.push(cells);
  });
  return rows;
}

test.describe('XLSX and background exports', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('when customers are exported as XLSX, then the workbook holds the matching rows with formulas neutralised', async ({ page, baseURL }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    await createCustomer(page, baseURL, { name: '=SUM(A1:A9)', email: `xlsx-formula-${id}@example.test` });
    await createCustomer(page, baseURL, { name: `Plain ${id}`, email: `xlsx-plain-${id}@example.test` });

    await page.goto('/w/demo/customers');
    await showAll(page, 'customers');
    await page.getByRole('searchbox', { name: 'Search customers' }).fill(id);
    await expect(page.getByTestId('data-table-row')).toHaveCount(2);
    await page.getByTestId('customers-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export customers' });
    await dialog.getByTestId('export-format').getByText('Excel (XLSX)').click();
    // The byte-order mark is a CSV matter.
    await expect(dialog.getByTestId('export-bom')).toHaveCount(0);
    await dialog.getByTestId('export-select-none').click();
    await dialog.getByRole('checkbox', { name: 'Name', exact: true }).check();
    await dialog.getByRole('checkbox', { name: 'Email', exact: true }).check();
    await expect(dialog.getByTestId('export-download')).toHaveText('Download XLSX');
    const [file] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
    expect(await file.failure()).toBeNull();
    expect(file.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const rows = await sheetRows((await file.path())!);
    expect(rows[0]).toEqual(['name', 'email']);
    expect(rows.slice(1).sort((a, b) => a[1]!.localeCompare(b[1]!))).toEqual([
      ["'=SUM(A1:A9)", `xlsx-formula-${id}@example.test`],
      [`Plain ${id}`, `xlsx-plain-${id}@example.test`],
    ]);
    expect(problems).toEqual([]);
  });

  test('when tickets are exported in the background, then progress shows, the file downloads, the Exports page lists it and a link is mailed', async ({ page, baseURL }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    const customer = await createCustomer(page, baseURL, { name: `Background ${id}`, email: `background-${id}@example.test` });
    for (const title of ['One', 'Two', 'Three']) await create<TicketRef>(page, baseURL, '/tickets', { customerId: customer.id, title: `${title} ${id}`, priority: 'normal' });

    await page.goto('/w/demo/tickets');
    await showAll(page, 'tickets');
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill(id);
    await expect(page.getByTestId('data-table-row')).toHaveCount(3);
    await page.getByTestId('tickets-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export tickets' });
    await dialog.getByRole('switch', { name: 'Export in the background' }).check();
    await dialog.getByTestId('export-start').click();

    const job = dialog.getByTestId('export-job');
    await expect(job).toBeVisible();
    await expect(dialog.getByTestId('export-job-status')).toHaveText('Your export is ready.', { timeout: 20_000 });
    await expect(dialog.getByTestId('export-progress')).toBeVisible();
    await expect(dialog.getByTestId('export-progress-label')).toHaveText('3 rows');
    await page.screenshot({ path: artifact('export-background-done.png'), animations: 'disabled' });
    const [file] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-job-download').click()]);
    expect(await file.failure()).toBeNull();
    expect(file.suggestedFilename()).toMatch(/^tickets-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = table(readFileSync((await file.path())!, 'utf8'));
    expect(csv.rows.map((row) => csv.cell(row, 'title')).sort()).toEqual([`One ${id}`, `Three ${id}`, `Two ${id}`]);
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.goto('/w/demo/exports');
    const row = page.getByTestId('export-row').first();
    await expect(row).toContainText('Tickets · CSV');
    await expect(row.getByTestId('export-status')).toHaveText('Ready');
    await expect(row).toContainText('3 rows');
    const [again] = await Promise.all([page.waitForEvent('download'), row.getByTestId('export-row-download').click()]);
    expect(readFileSync((await again.path())!, 'utf8')).toBe(readFileSync((await file.path())!, 'utf8'));

    // The emailed link downloads the same file without the session.
    const link = await linkFromMail(page.request, ADMIN_EMAIL, /^Your tickets export is ready$/);
    expect(link).toMatch(/^\/api\/v1\/export-downloads\//);
    const viaLink = await page.request.get(link);
    expect(viaLink.status()).toBe(200);
    expect(viaLink.headers()['cache-control']).toBe('private, no-store');
    expect(await viaLink.text()).toBe(readFileSync((await file.path())!, 'utf8'));
    expect(problems).toEqual([]);
  });

  test('when a policies list is exported, then the policies page has the export too', async ({ page, baseURL }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    await page.goto('/w/demo/policies');
    await page.getByTestId('policies-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export policies' });
    await dialog.getByTestId('export-select-none').click();
    await dialog.getByRole('checkbox', { name: 'Number', exact: true }).check();
    const [file] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
    expect(file.suggestedFilename()).toMatch(/^policies-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(table(readFileSync((await file.path())!, 'utf8')).header).toEqual(['number']);
    expect(problems).toEqual([]);
  });
});

test.describe('export on a phone in dark mode', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });

  test('when the export dialog opens on a 390 px screen in dark mode, then it fills the screen and fits', async ({ page, baseURL }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    await page.goto('/w/demo/customers');
    await expect.poll(() => colorScheme(page)).toBe('dark');
    await page.getByTestId('customers-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export customers' });
    await expect(dialog.getByTestId('export-download')).toBeVisible();
    const box = await dialog.boundingBox();
    expect(box?.width).toBe(390);
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('export-dialog-390-dark.png'), animations: 'disabled' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    // The Export button wraps with the rest of the toolbar.
    await expect(page.getByTestId('customers-export')).toBeVisible();
    expect(await overflowX(page)).toBe(0);
    expect(problems).toEqual([]);
  });
});
