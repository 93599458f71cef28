import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, API, artifact, colorScheme, create, createAgent, getTicket, newPage, overflowX, post, signedInPage, signIn, unique, watchConsole, WORKSPACE, type TicketRef } from './helpers.ts';

// Live updates between two people, and the command palette. The admin (A) changes a ticket; an agent (B) watching
// the board and the ticket's page sees it happen without reloading, gets a toast and a bell count when the ticket is
// assigned to them, and catches up after losing the network. Then Ctrl+K: find a ticket by number, open it, switch
// the theme.

/** What the browser logs on its own in these journeys: drafts not saved yet (404), requests made while offline. */
const EXPECTED_NOISE = [/status of 404 .*\/drafts\//, /ERR_INTERNET_DISCONNECTED/, /ERR_NETWORK_CHANGED/];

/** The default pipeline's stage ids by name. */
async function stageIds(page: Page): Promise<Record<string, string>> {
  const pipelines = (await (await page.request.get(`${API}/pipelines`)).json()) as {
    items: { isDefault: boolean; stages: { id: string; name: string }[] }[];
  };
  const pipeline = pipelines.items.find((p) => p.isDefault) ?? pipelines.items[0]!;
  return Object.fromEntries(pipeline.stages.map((stage) => [stage.name, stage.id]));
}

async function moveTicket(admin: Page, baseURL: string | undefined, ticketId: string, stageId: string) {
  const moved = await post(admin.request, baseURL, `${API}/tickets/${ticketId}/transition`, { stageId });
  expect(moved.ok(), await moved.text()).toBe(true);
}

const column = (page: Page, stage: string) => page.getByTestId('board-column').and(page.locator(`[data-stage="${stage}"]`));

/** Set once on the page: still there later means the page was never reloaded. */
const markPage = (page: Page) => page.evaluate(() => Object.assign(window, { gripNotReloaded: true }));
const stillSamePage = (page: Page) => page.evaluate(() => (window as unknown as { gripNotReloaded?: boolean }).gripNotReloaded === true);

test.describe('live updates between two people', () => {
  test('when A moves and assigns a ticket, then B sees it on the board and the ticket page without reloading, gets a toast, and catches up after going offline', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(150_000);
    const id = unique();
    const admin = await signedInPage(browser, baseURL);
    const agent = await createAgent(browser, admin, baseURL, `live-${id}@example.test`);
    const problems = watchConsole(agent.page, EXPECTED_NOISE);
    const stages = await stageIds(admin);
    const customer = await create<{ id: string }>(admin, baseURL, '/customers', { kind: 'person', name: `Live Customer ${id}` });
    const ticket = await create<TicketRef>(admin, baseURL, '/tickets', { customerId: customer.id, title: `Leaking roof ${id}`, priority: 'normal' });
    expect(ticket.stage.name).toBe('New');

    // 1. B watches the board, narrowed to this ticket; the header says the connection is live.
    const b = agent.page;
    await b.goto(`/w/${WORKSPACE}/tickets/board?q=${id}`);
    const status = b.getByTestId('realtime-status');
    await expect(status).toHaveAttribute('data-status', 'live');
    await expect(status).toHaveAccessibleName('Live');
    const card = (stage: string) => column(b, stage).getByTestId('ticket-card').filter({ hasText: ticket.title });
    await expect(card('New')).toBeVisible();
    await markPage(b);

    // 2. A moves it to In Progress: B's board shows it there within a few seconds, without a reload.
    await moveTicket(admin, baseURL, ticket.id, stages['In Progress']!);
    await expect(card('In Progress')).toBeVisible({ timeout: 5_000 });
    await expect(card('New')).toHaveCount(0);
    expect(await stillSamePage(b)).toBe(true);
    await b.screenshot({ path: artifact('realtime-board-b.png') });

    // 3. B opens the ticket; A moves it on to Waiting: the stage on B's page follows.
    await card('In Progress').click();
    await expect(b).toHaveURL(new RegExp(`/tickets/${ticket.id}$`));
    const stageSelect = b.getByTestId('ticket-stage-select');
    await expect(stageSelect).toHaveValue('In Progress');
    await markPage(b);
    await moveTicket(admin, baseURL, ticket.id, stages['Waiting']!);
    await expect(stageSelect).toHaveValue('Waiting', { timeout: 5_000 });

    // 4. A assigns it to B: a toast, the bell counts it, the page shows the assignee; nothing was reloaded.
    await expect(b.getByTestId('notification-bell-count')).toBeHidden();
    const assigned = await post(admin.request, baseURL, `${API}/tickets/${ticket.id}/assign`, { assigneeId: agent.userId });
    expect(assigned.ok(), await assigned.text()).toBe(true);
    const toast = b.getByTestId('notification-toast');
    await expect(toast).toBeVisible({ timeout: 5_000 });
    await expect(toast).toContainText(String(ticket.number));
    await expect(b.getByTestId('notification-bell-count')).toHaveText('1', { timeout: 5_000 });
    await expect(b.getByTestId('ticket-assignee')).toHaveText('Ada Agent', { timeout: 5_000 });
    expect(await stillSamePage(b)).toBe(true);
    await b.screenshot({ path: artifact('realtime-toast.png') });
    // Opening the toast marks the notification read, as the bell does.
    await toast.getByTestId('notification-toast-open').click();
    await expect(b.getByTestId('notification-bell-count')).toBeHidden();

    // 5. Offline: B's board says so; A moves the ticket meanwhile; back online, B catches up without a reload.
    await b.goto(`/w/${WORKSPACE}/tickets/board?q=${id}`);
    await expect(card('Waiting')).toBeVisible();
    await expect(status).toHaveAttribute('data-status', 'live');
    await markPage(b);
    await b.context().setOffline(true);
    await expect(status).toHaveAttribute('data-status', 'offline');
    await expect(status).toHaveAccessibleName('Offline — changes will appear when the connection returns');
    await moveTicket(admin, baseURL, ticket.id, stages['Completed']!);
    await b.waitForTimeout(500);
    await expect(card('Waiting')).toBeVisible();
    await b.context().setOffline(false);
    await expect(status).toHaveAttribute('data-status', 'live', { timeout: 10_000 });
    await expect(card('Completed')).toBeVisible({ timeout: 5_000 });
    expect(await stillSamePage(b)).toBe(true);

    expect(problems).toEqual([]);
  });
});

test.describe('command palette', () => {
  test('when Ctrl+K is pressed, then a ticket is found by its number and opened with Enter, pages open, and the theme toggles', async ({ browser, baseURL }) => {
    const page = await signedInPage(browser, baseURL);
    const problems = watchConsole(page, EXPECTED_NOISE);
    const id = unique();
    const customer = await create<{ id: string }>(page, baseURL, '/customers', { kind: 'person', name: `Palette Customer ${id}` });
    const ticket = await create<TicketRef>(page, baseURL, '/tickets', { customerId: customer.id, title: `Palette ticket ${id}`, priority: 'high' });

    await page.goto(`/w/${WORKSPACE}`);
    await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-status', 'live');
    const search = page.getByTestId('command-palette-search');
    const actions = page.getByTestId('command-palette-action');

    // 1. Ctrl+K opens it; a ticket number finds the ticket on the server; Enter opens it.
    await page.keyboard.press('Control+K');
    await expect(search).toBeFocused();
    await search.fill(`#${ticket.number}`);
    await expect(actions.first()).toContainText(`#${ticket.number} ${ticket.title}`);
    await page.screenshot({ path: artifact('command-palette-ticket.png') });
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/w/${WORKSPACE}/tickets/${ticket.id}$`));
    await expect(search).toBeHidden();

    // 2. On a ticket's page: "Assign #… to me".
    await page.keyboard.press('Control+K');
    await search.fill('assign');
    await expect(actions.first()).toContainText(`Assign #${ticket.number} to me`);
    await page.keyboard.press('Enter');
    await expect(page.getByText('Assigned to you')).toBeVisible();
    await expect.poll(async () => (await getTicket(page, ticket.id)).assignee?.email).toBe(ADMIN_EMAIL);

    // 3. A customer by name.
    await page.keyboard.press('Control+K');
    await search.fill(`Palette Customer ${id}`);
    await expect(actions.filter({ hasText: `Palette Customer ${id}` })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/w/${WORKSPACE}/customers/${customer.id}$`));

    // 4. A page of the sidebar, typed in part.
    await page.keyboard.press('Control+K');
    await search.fill('audit');
    await expect(actions.first()).toContainText('Audit log');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/w/${WORKSPACE}/settings/audit$`));

    // 5. Nothing found says so.
    await page.keyboard.press('Control+K');
    await search.fill(`zzqx-nothing-${id}`);
    await expect(page.getByTestId('command-palette-empty')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(search).toBeHidden();

    // 6. Toggle theme, by keyboard only.
    const before = await colorScheme(page);
    await page.keyboard.press('Control+K');
    await search.fill('toggle theme');
    await expect(actions.first()).toContainText('Toggle theme');
    await page.keyboard.press('Enter');
    await expect.poll(() => colorScheme(page)).toBe(before === 'dark' ? 'light' : 'dark');

    // 7. "New customer" opens the form.
    await page.keyboard.press('Control+K');
    await search.fill('new customer');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('create-customer-modal').getByRole('textbox').first()).toBeVisible();
    await page.keyboard.press('Escape');

    expect(problems).toEqual([]);
  });

  test('when the header is shown on a 375 px phone, then the palette button and the live dot fit without sideways scrolling', async ({ browser, baseURL }) => {
    const page = await newPage(browser, { width: 375, height: 812 });
    await signIn(page, baseURL);
    await page.goto(`/w/${WORKSPACE}`);
    await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-status', 'live');
    await expect(page.getByTestId('command-palette-trigger-phone')).toBeVisible();
    expect(await overflowX(page)).toBe(0);
    await page.getByTestId('command-palette-trigger-phone').click();
    await expect(page.getByTestId('command-palette-search')).toBeFocused();
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('command-palette-375.png') });
  });
});
