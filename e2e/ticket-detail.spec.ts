import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, API, artifact, colorScheme, create, getTicket, overflowX, signIn, unique, watchConsole, type TicketRef } from './helpers.ts';

// One ticket in the browser: a public reply and an internal note (told apart at a glance), a PNG attached and
// downloadable, a program renamed .png refused with a clear reason, a text file renamed .png named for what it is,
// the stage moved and seen in the history, "Assign to me", and the reply draft surviving a reload and an offline
// spell. Then a ticket created from the customer's Tickets tab, its description draft coming back when the form
// is reopened.

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** The start of a Linux program (ELF header): binary, and not an allowed type whatever its name. */
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 0)]);

// Drafts typed offline and the browser's offline switch are per context: keep these journeys apart in time.
test.describe.configure({ mode: 'serial' });

test.describe('ticket page', () => {
  test.use({ viewport: { width: 1280, height: 860 } });

  test('when replies, notes and files are posted, the stage moved and the ticket taken, the page shows each and the server agrees', async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    await signIn(page, baseURL);
    // The draft lookups answer 404 when there is no draft yet; the refused upload answers 415. Both are expected.
    const problems = watchConsole(page, [/status of 404/, /status of 415/]);
    const id = unique();
    const customer = await create<{ id: string; name: string }>(page, baseURL, '/customers', { name: `Thread customer ${id}` });
    const ticket = await create<TicketRef>(page, baseURL, '/tickets', { customerId: customer.id, title: `Broken login ${id}`, priority: 'high' });

    await page.goto(`/w/demo/tickets/${ticket.id}`);
    await expect(page.getByTestId('ticket-number')).toHaveText(`#${ticket.number}`);
    await expect(page.getByTestId('ticket-title')).toHaveText(ticket.title);
    await expect(page.getByTestId('breadcrumbs')).toContainText(`#${ticket.number}`);
    await expect(page.getByTestId('thread-empty')).toBeVisible();
    await expect(page.getByTestId('ticket-customer-link')).toHaveAttribute('href', `/w/demo/customers/${customer.id}`);

    // 1. A public reply.
    const composer = page.getByTestId('composer');
    await composer.getByTestId('composer-body').fill(`We are looking into it ${id}`);
    await composer.getByTestId('composer-send').click();
    const reply = page.getByTestId('message').filter({ hasText: `We are looking into it ${id}` });
    await expect(reply).toHaveAttribute('data-internal', 'false');
    await expect(composer.getByTestId('composer-body')).toHaveValue('');

    // 2. An internal note: labelled, and not dressed like a reply.
    await composer.getByTestId('composer-mode').getByText('Internal note', { exact: true }).click();
    await expect(composer).toHaveAttribute('data-mode', 'internal');
    await composer.getByTestId('composer-body').fill(`Customer is on the legacy plan ${id}`);
    await composer.getByTestId('composer-send').click();
    const note = page.getByTestId('message').filter({ hasText: `Customer is on the legacy plan ${id}` });
    await expect(note).toHaveAttribute('data-internal', 'true');
    await expect(note.getByTestId('message-internal-badge')).toHaveText('Internal note');
    const background = (locator: typeof note) => locator.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background(note)).not.toBe(await background(reply));

    // 3. A PNG: uploaded, attached to a reply, downloadable as an attachment.
    await composer.getByTestId('composer-mode').getByText('Reply', { exact: true }).click();
    const fileInput = composer.locator('input[type=file]');
    await fileInput.setInputFiles({ name: `screenshot-${id}.png`, mimeType: 'image/png', buffer: PNG });
    await expect(composer.getByTestId('attachment-chip').filter({ hasText: `screenshot-${id}.png` })).toBeVisible();
    await composer.getByTestId('composer-send').click();
    const withFile = page.getByTestId('message').filter({ has: page.getByTestId('attachment-chip') });
    const link = withFile.getByTestId('attachment-link').filter({ hasText: `screenshot-${id}.png` });
    await expect(link).toBeVisible();
    const href = await link.getAttribute('href');
    expect(href).toMatch(new RegExp(`/tickets/${ticket.id}/attachments/`));
    const download = await page.request.get(href ?? '');
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toContain('attachment');
    expect(Buffer.from(await download.body()).equals(PNG)).toBe(true);

    // 4. A program renamed .png: refused, and the reason says so.
    await fileInput.setInputFiles({ name: `holiday-${id}.png`, mimeType: 'image/png', buffer: ELF });
    const refused = composer.getByTestId('upload-error').filter({ hasText: `holiday-${id}.png` });
    await expect(refused.getByTestId('upload-error-message')).toContainText('its content is not a type we accept');
    await expect(composer.getByTestId('composer-send')).toBeDisabled();
    await refused.getByRole('button', { name: `Dismiss holiday-${id}.png` }).click();
    await expect(refused).toHaveCount(0);

    // 5. A text file renamed .png: the content decides (it is kept as text), and the user is told so.
    await fileInput.setInputFiles({ name: `notes-${id}.png`, mimeType: 'image/png', buffer: Buffer.from('just some words, not a picture\n') });
    await expect(composer.getByTestId('upload-warning')).toContainText(`notes-${id}.png is not a PNG image: its content is a text file`);
    await composer.getByTestId('attachment-remove').click();
    await expect(composer.getByTestId('attachment-chip')).toHaveCount(0);

    // 6. The stage, moved from the header, and recorded in the history.
    await page.getByTestId('ticket-stage-select').click();
    await page.getByRole('option', { name: 'In Progress' }).click();
    await expect(page.getByTestId('history-entry').filter({ hasText: 'New → In Progress' })).toBeVisible();
    expect((await getTicket(page, ticket.id)).stage.name).toBe('In Progress');

    // 7. Assign to me.
    await page.getByTestId('assign-to-me').click();
    await expect(page.getByTestId('assign-to-me')).toHaveCount(0);
    await expect(page.getByTestId('ticket-assignee-select')).not.toHaveValue('');
    expect((await getTicket(page, ticket.id)).assignee?.email).toBe(ADMIN_EMAIL);
    await expect(page.getByTestId('history-entry').filter({ hasText: 'Assigned the ticket' })).toBeVisible();

    await page.screenshot({ path: artifact('ticket-detail.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  test('when a reply is typed, it survives a reload, and typed offline it is kept and saved once the connection returns', async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    await signIn(page, baseURL);
    const id = unique();
    const customer = await create<{ id: string }>(page, baseURL, '/customers', { name: `Draft customer ${id}` });
    const ticket = await create<TicketRef>(page, baseURL, '/tickets', { customerId: customer.id, title: `Draft ticket ${id}`, priority: 'normal' });

    await page.goto(`/w/demo/tickets/${ticket.id}`);
    const body = page.getByTestId('composer-body');
    const status = page.getByTestId('reply-draft-status');

    // Saved on blur; a reload brings it back.
    await body.fill(`Half-written answer ${id}`);
    await page.getByTestId('ticket-title').click();
    await expect(status).toContainText(/Saved \d/);
    await page.reload();
    await expect(body).toHaveValue(`Half-written answer ${id}`);

    // Typed with no connection: kept in the browser and said so; sent as soon as the connection returns.
    await context.setOffline(true);
    await body.fill(`Written on the train ${id}`);
    await expect(status).toContainText('Offline — will retry');
    await page.getByTestId('ticket-title').click();
    await expect(status).toContainText('Offline — will retry');
    await context.setOffline(false);
    await expect(status).toContainText(/Saved \d/);
    const saved = await page.request.get(`${API}/drafts/ticket-${ticket.id}-reply`);
    expect(((await saved.json()) as { body: string }).body).toBe(`Written on the train ${id}`);

    // Sending the reply forgets the draft.
    await page.getByTestId('composer-send').click();
    await expect(page.getByTestId('message').filter({ hasText: `Written on the train ${id}` })).toBeVisible();
    await expect(body).toHaveValue('');
    await expect.poll(async () => (await page.request.get(`${API}/drafts/ticket-${ticket.id}-reply`)).status()).toBe(404);
    await page.reload();
    await expect(body).toHaveValue('');
  });

  test('when a ticket is created from the customer page, its form keeps the description draft and lands on the new ticket', async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    await signIn(page, baseURL);
    const problems = watchConsole(page, [/status of 404/]);
    const id = unique();
    const customer = await create<{ id: string; name: string }>(page, baseURL, '/customers', { name: `Tab customer ${id}` });

    await page.goto(`/w/demo/customers/${customer.id}?tab=tickets`);
    const tab = page.getByTestId('customer-tickets');
    await expect(tab.getByTestId('customer-tickets-empty')).toBeVisible();

    // The customer is preset and locked; a missing title is named on its field.
    await tab.getByTestId('new-ticket-button').click();
    const modal = page.getByTestId('new-ticket-modal');
    await expect(modal.getByTestId('new-ticket-customer-locked')).toHaveValue(customer.name);
    await modal.getByTestId('new-ticket-description').fill(`The invoice for March is missing ${id}`);
    await modal.getByTestId('new-ticket-title').click();
    await expect(modal.getByTestId('new-ticket-draft-status')).toContainText(/Saved \d/);
    await modal.getByTestId('new-ticket-submit').click();
    await expect(modal.getByTestId('new-ticket-title')).toHaveAttribute('aria-invalid', 'true');

    // Closed and opened again: the description is still there.
    await modal.getByRole('button', { name: 'Cancel' }).click();
    await tab.getByTestId('new-ticket-button').click();
    await expect(modal.getByTestId('new-ticket-description')).toHaveValue(`The invoice for March is missing ${id}`);
    await modal.getByTestId('new-ticket-title').fill(`Missing invoice ${id}`);
    await modal.getByTestId('new-ticket-submit').click();

    await expect(page).toHaveURL(/\/w\/demo\/tickets\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('ticket-title')).toHaveText(`Missing invoice ${id}`);
    await expect(page.getByTestId('description-text')).toHaveText(`The invoice for March is missing ${id}`);
    await expect(page.getByTestId('ticket-due-source')).toContainText('From the SLA target');
    await expect.poll(async () => (await page.request.get(`${API}/drafts/ticket-new`)).status()).toBe(404);

    // Back on the customer, the tab lists it.
    await page.getByTestId('ticket-customer-link').click();
    await page.getByTestId('tab-tickets').click();
    await expect(page.getByTestId('customer-ticket-row').filter({ hasText: `Missing invoice ${id}` })).toBeVisible();
    expect(problems).toEqual([]);
  });
});

test.describe('ticket page conflicts', () => {
  test.use({ viewport: { width: 1280, height: 860 } });

  test('when someone else saved the ticket meanwhile, a change shows both versions and "Overwrite with mine" keeps their other edits', async ({ page, baseURL }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page, [/status of 404/, /status of 409/]);
    const id = unique();
    const customer = await create<{ id: string }>(page, baseURL, '/customers', { name: `Conflict customer ${id}` });
    const ticket = await create<TicketRef>(page, baseURL, '/tickets', { customerId: customer.id, title: `Old title ${id}`, priority: 'normal' });

    // Live updates would show their change at once; this is about a page that missed it, so no socket here.
    await page.routeWebSocket(/\/realtime/, () => {});
    await page.goto(`/w/demo/tickets/${ticket.id}`);
    await expect(page.getByTestId('ticket-title')).toHaveText(`Old title ${id}`);
    // Someone else renames it while the page is open.
    const theirs = await page.request.patch(`${API}/tickets/${ticket.id}`, {
      data: { version: ticket.version, title: `Their title ${id}` },
      headers: { origin: baseURL ?? '' },
    });
    expect(theirs.status(), await theirs.text()).toBe(200);

    await page.getByTestId('ticket-priority-select').click();
    await page.getByRole('option', { name: 'Urgent' }).click();
    const dialog = page.getByTestId('conflict-dialog');
    await expect(dialog.getByTestId('conflict-diff')).toContainText(`Their title ${id}`);
    await expect(dialog.getByTestId('conflict-diff')).toContainText('Urgent');
    await dialog.getByTestId('conflict-overwrite').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('ticket-title')).toHaveText(`Their title ${id}`);
    await expect(page.getByTestId('ticket-priority-select')).toHaveValue('Urgent');
    const saved = (await (await page.request.get(`${API}/tickets/${ticket.id}`)).json()) as { title: string; priority: string };
    expect(saved).toMatchObject({ title: `Their title ${id}`, priority: 'urgent' });
    expect(problems).toEqual([]);
  });
});

test.describe('ticket page on a phone in dark mode', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'light' });

  test('when a ticket opens on a 390 px screen in dark mode, the fields stack under the thread and nothing overflows', async ({ page, baseURL }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page, [/status of 404/]);
    const id = unique();
    const customer = await create<{ id: string }>(page, baseURL, '/customers', { name: `Phone ticket customer ${id}` });
    const ticket = await create<TicketRef>(page, baseURL, '/tickets', {
      customerId: customer.id,
      title: `A rather long ticket title that has to wrap on a narrow phone screen ${id}`,
      priority: 'urgent',
      description: 'The customer cannot sign in since Monday.\nThey tried resetting the password twice.',
    });
    await create(page, baseURL, `/tickets/${ticket.id}/messages`, { body: 'We are on it.', internal: false });
    await create(page, baseURL, `/tickets/${ticket.id}/messages`, { body: 'Probably the SSO change from last week.', internal: true });

    await page.goto(`/w/demo/tickets/${ticket.id}`);
    await page.getByTestId('theme-toggle').click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await expect.poll(() => colorScheme(page)).toBe('dark');
    await page.keyboard.press('Escape');

    await expect(page.getByTestId('message')).toHaveCount(2);
    const composer = await page.getByTestId('composer').boundingBox();
    const fields = await page.getByTestId('ticket-fields').boundingBox();
    expect(fields && composer && fields.y > composer.y).toBe(true);
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('ticket-detail-390-dark.png'), fullPage: true });

    // The customer's Tickets tab shows cards on a phone.
    await page.goto(`/w/demo/customers/${customer.id}?tab=tickets`);
    await expect(page.getByTestId('customer-tickets-cards')).toBeVisible();
    expect(await overflowX(page)).toBe(0);
    expect(problems).toEqual([]);
  });
});
