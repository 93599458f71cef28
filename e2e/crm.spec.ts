import { expect, test, type Page } from '@playwright/test';
import { API, artifact, colorScheme, create, overflowX, signedInPage, signIn, unique, watchConsole } from './helpers.ts';

// The CRM core in the browser: customers with the duplicate warning, a policy, accent-insensitive search, saved
// views, bulk tags, the version-conflict dialog, and the list and detail pages on a phone in dark mode.

/** A Berlin number no seeded customer has: 030 and eight digits. */
const berlinDigits = () => `${2 + Math.floor(Math.random() * 7)}${String(Date.now()).slice(-7)}`;

const createCustomer = (page: Page, baseURL: string | undefined, body: Record<string, unknown>) =>
  create<{ id: string; name: string }>(page, baseURL, '/customers', body);

/** Fills the open customer form (create or edit). */
async function fillCustomer(page: Page, values: { name?: string; email?: string; phone?: string; company?: string }) {
  const form = page.getByTestId('customer-form');
  if (values.name !== undefined) await form.getByRole('textbox', { name: 'Name' }).fill(values.name);
  if (values.email !== undefined) await form.getByRole('textbox', { name: 'Email' }).fill(values.email);
  if (values.phone !== undefined) await form.getByRole('textbox', { name: 'Phone' }).fill(values.phone);
  if (values.company !== undefined) await form.getByRole('textbox', { name: 'Company' }).fill(values.company);
}

// One admin's remembered list state ("last view") is shared by these tests: run them one after another.
test.describe.configure({ mode: 'serial' });

test.describe('customers journey', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('when a customer is created, a duplicate warned about, a policy added, then search, a saved view and bulk tags find it', async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    const first = `Zoë Ångström ${id}`;
    const second = `Björn Berg ${id}`;
    const digits = berlinDigits();
    const tag = `vip-${id}`;
    const viewName = `Zoe view ${id}`;

    // 1. A new customer, from the list.
    await page.goto('/w/demo/customers');
    await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
    // The list opens as this admin last left it: start from all customers.
    await page.getByTestId('customers-views').click();
    await page.getByRole('menuitem', { name: 'All customers' }).click();
    await expect(page.getByTestId('customers-views')).toHaveText('All customers');
    await page.getByTestId('customers-new').click();
    await expect(page.getByRole('dialog', { name: 'New customer' })).toBeVisible();
    await fillCustomer(page, { name: first, email: `zoe-${id}@example.test`, phone: `+49 30 ${digits}` });
    await page.getByRole('button', { name: 'Create customer' }).click();

    // Created: its page opens, under "Demo Insurance › Customers › name".
    await expect(page.getByTestId('customer-name-title')).toHaveText(first);
    const crumbs = page.getByTestId('breadcrumbs');
    await expect(crumbs.locator('a, [aria-current="page"]')).toHaveText(['Demo Insurance', 'Customers', first]);
    await expect(page).toHaveTitle(`${first} · Grip`);

    // 2. A policy for this customer.
    await page.getByTestId('tab-policies').click();
    await page.getByTestId('policy-add').click();
    const policyForm = page.getByTestId('policy-form');
    await expect(policyForm).toContainText(`Customer: ${first}`);
    await policyForm.getByRole('textbox', { name: 'Policy number' }).fill(`POL-${id}`);
    await policyForm.getByRole('textbox', { name: 'Product' }).fill('Home insurance');
    await policyForm.getByRole('textbox', { name: 'Premium' }).fill('480');
    await policyForm.getByRole('textbox', { name: 'Start date' }).fill('2026-01-15');
    await policyForm.getByRole('textbox', { name: 'Product' }).click(); // closes the calendar
    await policyForm.getByRole('button', { name: 'Add policy' }).click();
    await expect(page.getByRole('dialog', { name: 'New policy' })).toBeHidden();
    const policyRow = page.getByTestId('policy-row').filter({ hasText: `POL-${id}` });
    await expect(policyRow).toContainText('Home insurance');
    await expect(policyRow).toContainText('480');

    // 3. A second customer with the same phone, written another way: the form warns before saving.
    await crumbs.getByRole('link', { name: 'Customers' }).click();
    await expect(page).toHaveURL(/\/w\/demo\/customers$/);
    await page.getByTestId('customers-new').click();
    await fillCustomer(page, { name: second, phone: `+49 (30) ${digits.slice(0, 4)}-${digits.slice(4)}` });
    const duplicate = page.getByTestId('duplicates-alert').getByTestId('duplicate-item').filter({ hasText: first });
    await expect(duplicate).toBeVisible();
    await expect(duplicate).toContainText('same phone');
    // A warning, not a block: it can still be saved.
    await page.getByRole('button', { name: 'Create customer' }).click();
    await expect(page.getByTestId('customer-name-title')).toHaveText(second);

    // 4. Search without the accents finds the first customer.
    await crumbs.getByRole('link', { name: 'Customers' }).click();
    const search = page.getByRole('searchbox', { name: 'Search customers' });
    await search.fill(`zoe angstrom ${id}`);
    const rows = page.getByTestId('data-table-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(first);
    await expect(page.getByTestId('customers-count')).toHaveText('1 customer');

    // 5. That list saved as a view; after a reload it is still the current one, and in the views menu.
    await page.getByTestId('customers-views').click();
    await page.getByRole('menuitem', { name: 'Save as new view…' }).click();
    const saveView = page.getByRole('dialog', { name: 'Save view' });
    await saveView.getByRole('textbox', { name: 'Name' }).fill(viewName);
    // The list remembers the current view a moment after it changes: wait for that before reloading.
    const remembered = page.waitForResponse(
      (response) =>
        response.url().endsWith('/views/last') &&
        response.request().method() === 'PUT' &&
        (response.request().postDataJSON() as { viewId: string | null }).viewId !== null,
    );
    await saveView.getByRole('button', { name: 'Save view' }).click();
    await expect(saveView).toBeHidden();
    await expect(page.getByTestId('customers-views')).toHaveText(viewName);
    expect((await remembered).ok()).toBe(true);

    await page.reload();
    await expect(page.getByTestId('customers-views')).toHaveText(viewName);
    await expect(search).toHaveValue(`zoe angstrom ${id}`);
    await expect(rows).toHaveCount(1);
    await page.getByTestId('customers-views').click();
    await expect(page.getByRole('menuitem', { name: viewName, exact: true })).toBeVisible();
    await page.keyboard.press('Escape');

    // 6. Both customers selected and tagged at once; a filter by that tag lists exactly them.
    await search.fill(id);
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId('customers-views')).toHaveText(`${viewName} (edited)`);
    await page.getByRole('checkbox', { name: `Select ${first}` }).check();
    await page.getByRole('checkbox', { name: `Select ${second}` }).check();
    const bulkBar = page.getByTestId('customers-bulk-bar');
    await expect(bulkBar.getByTestId('customers-bulk-count')).toHaveText('2 customers');
    await bulkBar.getByTestId('bulk-add-tags').click();
    const tagsInput = page.getByRole('combobox', { name: 'Add tags' });
    await tagsInput.fill(tag);
    await tagsInput.press('Enter');
    await page.getByTestId('bulk-add-tags-apply').click();
    const job = page.getByRole('dialog', { name: 'Bulk change done' });
    await expect(job.getByTestId('bulk-job-status')).toHaveText('2 of 2 customers changed.');
    await job.getByRole('button', { name: 'Close' }).click();
    await expect(job).toBeHidden();
    await expect(bulkBar).toBeHidden();
    for (const name of [first, second]) await expect(rows.filter({ hasText: name })).toContainText(tag);

    await page.getByRole('button', { name: 'Clear search' }).click();
    await page.getByTestId('customers-filters').click();
    const drawer = page.getByRole('dialog', { name: 'Filters' });
    const tagsFilter = drawer.getByRole('combobox', { name: 'Tags' });
    await tagsFilter.fill(tag);
    await tagsFilter.press('Enter');
    await drawer.getByRole('button', { name: 'Apply filters' }).click();
    await expect(drawer).toBeHidden();
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: first })).toContainText(tag);
    await expect(rows.filter({ hasText: second })).toContainText(tag);
    await expect(page.getByTestId('customers-count')).toHaveText('2 customers');
    await page.screenshot({ path: artifact('crm-customers-tagged.png'), fullPage: true });

    expect(problems).toEqual([]);
  });

  test('when two people edit the same customer, then the second save shows the conflict dialog and can overwrite', async ({
    browser,
    baseURL,
  }) => {
    const mine = await signedInPage(browser, baseURL);
    const theirs = await signedInPage(browser, baseURL);
    // The refused save is an expected 409 in the network log; anything else is a problem.
    const problems = watchConsole(mine, [/status of 409/]);
    const id = unique();
    const customer = await createCustomer(mine, baseURL, { name: `Conflict ${id}`, company: 'Before GmbH' });

    // Both open the edit form on the same version.
    for (const page of [mine, theirs]) {
      await page.goto(`/w/demo/customers/${customer.id}`);
      await expect(page.getByTestId('customer-name-title')).toHaveText(customer.name);
      await page.getByTestId('edit-customer').click();
      await expect(page.getByRole('dialog', { name: `Edit ${customer.name}` })).toBeVisible();
    }

    // They save first.
    await fillCustomer(theirs, { company: `Theirs ${id}` });
    await theirs.getByRole('button', { name: 'Save changes' }).click();
    await expect(theirs.getByRole('dialog', { name: `Edit ${customer.name}` })).toBeHidden();

    // My save hits their newer version: the dialog shows both, and nothing of mine is saved yet.
    await fillCustomer(mine, { company: `Mine ${id}` });
    await mine.getByRole('button', { name: 'Save changes' }).click();
    const dialog = mine.getByRole('dialog', { name: 'Someone changed this customer while you were editing' });
    await expect(dialog).toBeVisible();
    const companyRow = dialog.getByTestId('conflict-diff').getByRole('row').filter({ hasText: 'Company' });
    await expect(companyRow).toContainText(`Theirs ${id}`);
    await expect(companyRow).toContainText(`Mine ${id}`);
    await mine.screenshot({ path: artifact('crm-conflict-dialog.png') });

    await dialog.getByRole('button', { name: 'Overwrite with mine' }).click();
    await expect(dialog).toBeHidden();
    await expect(mine.getByRole('dialog', { name: `Edit ${customer.name}` })).toBeHidden();
    await expect(mine.getByText('Customer updated')).toBeVisible();

    // Saved: what the server has now is mine, on a newer version.
    const saved = await mine.request.get(`${API}/customers/${customer.id}`);
    expect(await saved.json()).toMatchObject({ company: `Mine ${id}`, version: 3 });
    await theirs.reload();
    await expect(theirs.getByTestId('customer-name-title')).toHaveText(customer.name);
    await expect(theirs.getByRole('main')).toContainText(`Mine ${id}`);

    expect(problems).toEqual([]);
    await mine.context().close();
    await theirs.context().close();
  });
});

test.describe('customers on a phone in dark mode', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'light' });

  test('when the list and a customer open on a 390 px screen in dark mode, then they fit and show without console errors', async ({
    page,
    baseURL,
  }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const customer = await createCustomer(page, baseURL, {
      name: `Phone ${unique()}`,
      email: `phone-${unique()}@example.test`,
      phone: '+49 30 901820',
      company: 'Nachtfalter Versicherungen AG',
      tags: ['phone', 'dark'],
    });

    await page.goto('/w/demo/customers');
    await page.getByTestId('theme-toggle').click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await expect.poll(() => colorScheme(page)).toBe('dark');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menuitemradio', { name: 'Dark' })).toBeHidden();

    // Phones get a card per customer instead of the grid.
    await expect(page.getByTestId('data-table-cards')).toBeVisible();
    await expect(page.getByTestId('data-table-card').first()).toBeVisible();
    await expect(page.getByTestId('data-table-grid')).toHaveCount(0);
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('crm-customers-390-dark.png'), fullPage: true });

    await page.goto(`/w/demo/customers/${customer.id}`);
    await expect(page.getByTestId('customer-name-title')).toHaveText(customer.name);
    await expect(page.getByTestId('customer-tabs')).toBeVisible();
    expect(await colorScheme(page)).toBe('dark');
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('crm-customer-390-dark.png'), fullPage: true });

    await page.getByTestId('tab-activity').click();
    await expect(page.getByText('Customer created').first()).toBeVisible();
    expect(await overflowX(page)).toBe(0);

    expect(problems).toEqual([]);
  });
});
