import { expect, test, type Locator, type Page } from '@playwright/test';
import { API, artifact, colorScheme, create, getTicket, overflowX, signIn, unique, watchConsole, type TicketRef } from './helpers.ts';

// Tickets on the board and in the list: a card dragged to another stage with the mouse and with the keyboard (and
// the server agrees), the Overdue quick filter, the list's filters and a bulk priority change, and the board on a
// phone in dark mode.

/** The ticket page asks for saved drafts, which answer 404 while there are none: those are expected. */
const DRAFT_LOOKUP = /status of 404 .*\/drafts\/ticket-[^/\s]+\)$/;

/** A customer and two tickets of it: one due later, one already past due (flagged overdue when created). */
async function seedTickets(page: Page, baseURL: string | undefined, id: string) {
  const customer = await create<{ id: string; name: string }>(page, baseURL, '/customers', { name: `Board customer ${id}` });
  const later = await create<TicketRef>(page, baseURL, '/tickets', { customerId: customer.id, title: `Printer jam ${id}`, priority: 'normal' });
  const late = await create<TicketRef>(page, baseURL, '/tickets', {
    customerId: customer.id,
    title: `Claim form lost ${id}`,
    priority: 'high',
    dueAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  return { customer, later, late };
}

/** Drags with real mouse events, in steps, as a person would (dnd-kit starts a drag after a few pixels). */
async function dragTo(page: Page, card: Locator, target: Locator) {
  const from = await card.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('card or column not visible');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2 + 4, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 12 });
  await page.mouse.up();
}

const column = (page: Page, stage: string) => page.getByTestId('board-column').and(page.locator(`[data-stage="${stage}"]`));

// One admin's remembered list state ("last view") is shared by these tests: run them one after another.
test.describe.configure({ mode: 'serial' });

test.describe('tickets board and list', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('when a card is dragged to In Progress, then it stays there on the server; Overdue filters; the list filters and changes priority in bulk', async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    await signIn(page, baseURL);
    const problems = watchConsole(page, [DRAFT_LOOKUP]);
    const id = unique();
    const { later, late } = await seedTickets(page, baseURL, id);
    expect(later.stage.name).toBe('New');
    expect(late.overdue).toBe(true);

    // 1. The board, narrowed to these two by the search box.
    await page.goto('/w/demo/tickets/board');
    await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
    await expect(page.getByTestId('tickets-board')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill(id);
    await expect(page).toHaveURL(new RegExp(`q=${id}`));
    const cards = page.getByTestId('ticket-card');
    await expect(cards).toHaveCount(2);
    const laterCard = cards.filter({ hasText: later.title });
    const lateCard = cards.filter({ hasText: late.title });
    await expect(column(page, 'New').getByTestId('ticket-card')).toHaveCount(2);
    await expect(column(page, 'New').getByTestId('board-column-count')).toHaveText('2');
    await expect(lateCard.getByTestId('ticket-overdue')).toHaveText('Overdue');
    await expect(laterCard.getByTestId('ticket-overdue')).toHaveCount(0);
    await expect(laterCard).toContainText(`#${later.number}`);
    await expect(laterCard).toContainText(`Board customer ${id}`);

    // 2. Dragged with the mouse from New to In Progress: it moves at once, the server agrees, a reload shows it there.
    const moved = page.waitForResponse((r) => r.url().endsWith(`/tickets/${later.id}/transition`) && r.request().method() === 'POST');
    await dragTo(page, laterCard, column(page, 'In Progress'));
    await expect(column(page, 'In Progress').getByTestId('ticket-card').filter({ hasText: later.title })).toBeVisible();
    await expect(column(page, 'New').getByTestId('board-column-count')).toHaveText('1');
    await expect(column(page, 'In Progress').getByTestId('board-column-count')).toHaveText('1');
    expect((await moved).status()).toBe(200);
    // Dropping is not a click: the board is still open.
    await expect(page).toHaveURL(/\/tickets\/board/);
    expect((await getTicket(page, later.id)).stage.name).toBe('In Progress');
    await page.reload();
    await expect(column(page, 'In Progress').getByTestId('ticket-card').filter({ hasText: later.title })).toBeVisible();

    // 3. With the keyboard: Space picks the overdue card up, → carries it one column right, Space drops it.
    // Each step waits for what a screen reader hears, as a person waits to see the card lift and move.
    const announced = (text: string) => expect(page.getByRole('status').filter({ hasText: text })).toBeAttached();
    await lateCard.focus();
    await page.keyboard.press('Space');
    // "Picked up …" is followed at once by where the card is.
    await announced(`ticket #${late.number}, ${late.title} is over New.`);
    await page.keyboard.press('ArrowRight');
    await announced(`ticket #${late.number}, ${late.title} is over In Progress.`);
    await page.keyboard.press('Space');
    await announced(`was moved to In Progress.`);
    // Focus follows the card to its new column, so the keyboard user can carry on from there.
    await expect(column(page, 'In Progress').getByTestId('ticket-card').filter({ hasText: late.title })).toBeFocused();
    await expect.poll(async () => (await getTicket(page, late.id)).stage.name).toBe('In Progress');
    await expect(page.getByTestId('board-column-empty').first()).toBeVisible();

    // 4. The Overdue quick filter leaves only the late one, badge and all.
    await page.getByTestId('board-filter-overdue').click();
    await expect(page).toHaveURL(/overdue=true/);
    await expect(cards).toHaveCount(1);
    await expect(cards.first()).toContainText(late.title);
    await expect(cards.first().getByTestId('ticket-overdue')).toBeVisible();
    await page.screenshot({ path: artifact('tickets-board-overdue.png'), fullPage: true });

    // 5. A card opens its ticket.
    await cards.first().click();
    await expect(page).toHaveURL(new RegExp(`/w/demo/tickets/${late.id}$`));

    // 6. The list: from all tickets, searched, then filtered by priority in the drawer.
    await page.goto('/w/demo/tickets');
    await page.getByTestId('tickets-views').click();
    await page.getByRole('menuitem', { name: 'All tickets' }).click();
    const search = page.getByRole('searchbox', { name: 'Search tickets' });
    await search.fill(id);
    const rows = page.getByTestId('data-table-row');
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId('tickets-count')).toHaveText('2 tickets');
    await expect(rows.filter({ hasText: late.title })).toContainText('Overdue');

    await page.getByTestId('tickets-filters').click();
    const drawer = page.getByRole('dialog', { name: 'Filters' });
    await drawer.getByTestId('filter-priority-high').click();
    await drawer.getByRole('button', { name: 'Apply filters' }).click();
    await expect(drawer).toBeHidden();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(late.title);
    await expect(page.getByTestId('tickets-filter-chip')).toContainText(['Search: “' + id + '”', 'Priority: High']);
    await page.getByRole('button', { name: 'Remove filter Priority: High' }).click();
    await expect(rows).toHaveCount(2);

    // 7. Both selected, priority changed to Urgent at once.
    await page.getByRole('checkbox', { name: `Select ${later.title}` }).check();
    await page.getByRole('checkbox', { name: `Select ${late.title}` }).check();
    const bulkBar = page.getByTestId('tickets-bulk-bar');
    await expect(bulkBar.getByTestId('tickets-bulk-count')).toHaveText('2 tickets');
    await bulkBar.getByTestId('bulk-priority').click();
    await page.getByTestId('bulk-priority-urgent').click();
    const job = page.getByRole('dialog', { name: 'Bulk change done' });
    await expect(job.getByTestId('bulk-job-status')).toHaveText('2 of 2 tickets changed.');
    await job.getByRole('button', { name: 'Close' }).click();
    await expect(bulkBar).toBeHidden();
    for (const title of [later.title, late.title]) await expect(rows.filter({ hasText: title })).toContainText('Urgent');
    expect((await getTicket(page, later.id)).priority).toBe('urgent');
    await page.screenshot({ path: artifact('tickets-list-bulk.png'), fullPage: true });

    // 8. A link may ask for a filter (a notification, a dashboard): the list opens with it, and the address is clean again.
    await page.goto(`/w/demo/tickets?overdue=true&q=${id}`);
    await expect(page.getByTestId('tickets-filter-chip')).toHaveText([`Search: “${id}”`, 'Overdue']);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(late.title);
    await expect(page).toHaveURL(/\/w\/demo\/tickets$/);

    expect(problems).toEqual([]);
  });
});

test.describe('a refused move', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('when someone else changed the ticket after the board loaded, then the drop is refused, the card goes back and a notification says why', async ({
    page,
    baseURL,
  }) => {
    await signIn(page, baseURL);
    // The refused move is an expected 409.
    const problems = watchConsole(page, [/status of 409 .*\/transition\)$/]);
    const id = unique();
    const { later } = await seedTickets(page, baseURL, id);

    // Live updates would refresh the card before the drop; this is about a board that missed the change (say,
    // a connection that is down), so the socket is held back here.
    await page.routeWebSocket(/\/realtime/, () => {});
    await page.goto(`/w/demo/tickets/board?q=${id}`);
    const card = column(page, 'New').getByTestId('ticket-card').filter({ hasText: later.title });
    await expect(card).toBeVisible();

    // Renamed elsewhere: the board still holds version 1.
    const renamed = `${later.title} (renamed)`;
    const patch = await page.request.patch(`${API}/tickets/${later.id}`, { data: { version: later.version, title: renamed }, headers: { origin: baseURL ?? '' } });
    expect(patch.ok(), await patch.text()).toBe(true);

    const refused = page.waitForResponse((r) => r.url().endsWith(`/tickets/${later.id}/transition`));
    await dragTo(page, card, column(page, 'Waiting'));
    expect((await refused).status()).toBe(409);
    await expect(page.getByText(`#${later.number} was not moved`)).toBeVisible();
    await expect(page.getByText('was changed by someone else a moment ago')).toBeVisible();
    // Back where the server has it, with what the other person saved.
    await expect(column(page, 'New').getByTestId('ticket-card').filter({ hasText: renamed })).toBeVisible();
    await expect(column(page, 'Waiting').getByTestId('ticket-card')).toHaveCount(0);
    expect((await getTicket(page, later.id)).stage.name).toBe('New');

    expect(problems).toEqual([]);
  });
});

test.describe('tickets board on a phone in dark mode', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'light' });

  test('when the board opens on a 390 px screen in dark mode, then its columns scroll sideways inside it and the page does not', async ({ page, baseURL }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    const { later } = await seedTickets(page, baseURL, id);

    // Live updates would refresh the card before the drop; this is about a board that missed the change (say,
    // a connection that is down), so the socket is held back here.
    await page.routeWebSocket(/\/realtime/, () => {});
    await page.goto(`/w/demo/tickets/board?q=${id}`);
    await page.getByTestId('theme-toggle').click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await expect.poll(() => colorScheme(page)).toBe('dark');
    await page.keyboard.press('Escape');

    await expect(page.getByTestId('ticket-card').filter({ hasText: later.title })).toBeVisible();
    await expect(page.getByTestId('board-column').first()).toBeVisible();
    // The columns are wider together than the screen: the board scrolls, the page stays put.
    expect(await page.getByTestId('tickets-board').evaluate((board) => board.scrollWidth > board.clientWidth)).toBe(true);
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('tickets-board-390-dark.png'), fullPage: true });

    expect(problems).toEqual([]);
  });
});
