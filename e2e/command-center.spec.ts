import { expect, test, type Locator, type Page } from '@playwright/test';
import { API, ADMIN_EMAIL, artifact, colorScheme, create, getTicket, overflowX, post, signIn, unique, watchConsole, type TicketRef } from './helpers.ts';

// The Command Center, the workspace home: its four ticket panels with counts, the KPI charts, "Assign to me" and
// "Move to…" without opening the ticket (and the server agrees), a refused action rolled back with a clear message,
// and the page on a phone in dark mode.

/**
 * Long past due, and earlier for each run than for any run before it: with urgent priority, a seeded ticket comes first
 * in every panel it belongs to (panels sort by due date, or by urgency then due date) however many runs came before.
 */
const longAgo = (offsetMs = 0) => new Date(Date.UTC(2001, 0, 1) - (Date.now() - Date.UTC(2025, 0, 1)) - offsetMs).toISOString();

interface Stage {
  id: string;
  name: string;
}

async function defaultStages(page: Page): Promise<Stage[]> {
  const response = await page.request.get(`${API}/pipelines`);
  expect(response.ok(), await response.text()).toBe(true);
  const { items } = (await response.json()) as { items: { isDefault: boolean; stages: Stage[] }[] };
  const pipeline = items.find((p) => p.isDefault) ?? items[0];
  if (!pipeline) throw new Error('the demo workspace has no pipeline');
  return pipeline.stages;
}

const stageNamed = (stages: Stage[], name: string) => {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage ${name}`);
  return stage;
};

/** A customer, two urgent past-due unassigned tickets, and a completed one (so SLA and average time have data). */
async function seed(page: Page, baseURL: string | undefined, id: string) {
  const customer = await create<{ id: string; name: string }>(page, baseURL, '/customers', { name: `CC customer ${id}` });
  const first = await create<TicketRef>(page, baseURL, '/tickets', { customerId: customer.id, title: `Roof leak ${id}`, priority: 'urgent', dueAt: longAgo() });
  const second = await create<TicketRef>(page, baseURL, '/tickets', { customerId: customer.id, title: `Lost card ${id}`, priority: 'urgent', dueAt: longAgo(1000) });
  const done = await create<TicketRef>(page, baseURL, '/tickets', { customerId: customer.id, title: `Address change ${id}`, priority: 'normal' });
  const stages = await defaultStages(page);
  const completed = await post(page.request, baseURL, `${API}/tickets/${done.id}/transition`, { stageId: stageNamed(stages, 'Completed').id });
  expect(completed.ok(), await completed.text()).toBe(true);
  return { customer, first, second };
}

const panel = (page: Page, name: 'overdue' | 'unassigned' | 'mine' | 'waiting') => page.getByTestId(`cc-panel-${name}`);
const row = (scope: Locator, ticket: { id: string }) => scope.locator(`[data-testid="cc-ticket-row"][data-ticket-id="${ticket.id}"]`);

// Every test here acts as the one admin on the shared demo workspace: one after another.
test.describe.configure({ mode: 'serial' });

test.describe('command center on a desktop', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('when the home opens, then the panels count, the charts draw, and "Assign to me" and "Move to…" change the ticket in place', async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    const { customer, first } = await seed(page, baseURL, id);

    await page.goto('/w/demo');
    await expect(page.getByTestId('command-center')).toBeVisible();
    await expect(page.getByTestId('workspace-name')).toHaveText('Demo Insurance');
    await expect(page.getByTestId('workspace-role')).toHaveText('Owner');
    // Header quick actions from the tickets and customers features.
    await expect(page.getByTestId('new-ticket-button')).toBeVisible();
    await expect(page.getByTestId('cc-new-customer')).toBeVisible();

    // 1. Four panels, each with a count ("1,234" or "10,000+").
    for (const name of ['overdue', 'unassigned', 'mine', 'waiting'] as const) {
      await expect(panel(page, name)).toBeVisible();
      await expect(panel(page, name).getByTestId('cc-count')).toHaveText(/^\d{1,3}(,\d{3})*\+?$/);
    }
    const unassignedRow = row(panel(page, 'unassigned'), first);
    await expect(unassignedRow).toContainText(`#${first.number}`);
    await expect(unassignedRow).toContainText(first.title);
    await expect(unassignedRow).toContainText(customer.name);
    await expect(unassignedRow.getByTestId('ticket-priority')).toHaveText('Urgent');
    // Past due: the due date says so, in red.
    await expect(unassignedRow.getByTestId('ticket-due')).toHaveAttribute('data-overdue', 'true');
    await expect(row(panel(page, 'overdue'), first)).toBeVisible();
    await expect(row(panel(page, 'mine'), first)).toHaveCount(0);

    // 2. The KPIs draw: bars by stage, created vs completed, the SLA donut with its percent, the average time.
    for (const kpi of ['cc-kpi-by-stage', 'cc-kpi-created-completed', 'cc-kpi-sla']) {
      await expect(page.getByTestId(kpi).locator('svg.recharts-surface').first()).toBeVisible();
    }
    await expect(page.getByTestId('cc-kpi-by-stage').locator('.recharts-bar-rectangle').first()).toBeAttached();
    await expect(page.getByTestId('cc-kpi-sla')).toContainText(/\d+(\.\d)?%/);
    await expect(page.getByTestId('cc-avg-hours')).toHaveText(/\d+(\.\d)? (min|hours?|days)$/);

    // Recent customers and the activity feed, in words.
    await expect(page.getByTestId('cc-recent-customers').getByRole('link', { name: customer.name })).toBeVisible();
    await expect(page.getByTestId('cc-activity').getByTestId('cc-activity-entry').filter({ hasText: `${ADMIN_EMAIL} moved a ticket` }).first()).toBeVisible();
    await page.screenshot({ path: artifact('command-center-desktop.png'), fullPage: true });
    await page.getByTestId('cc-kpis').screenshot({ path: artifact('command-center-kpis.png') });

    // 3. "Assign to me": out of Unassigned, into Mine, at once; the server agrees.
    const assigned = page.waitForResponse((r) => r.url().endsWith(`/tickets/${first.id}/assign`) && r.request().method() === 'POST');
    await unassignedRow.getByRole('button', { name: `Assign #${first.number} to me` }).click();
    await expect(row(panel(page, 'unassigned'), first)).toHaveCount(0);
    await expect(row(panel(page, 'mine'), first)).toBeVisible();
    expect((await assigned).status()).toBe(200);
    expect((await getTicket(page, first.id)).assignee?.email).toBe(ADMIN_EMAIL);
    // Already mine: no "Assign to me" on it any more.
    await expect(row(panel(page, 'mine'), first).getByTestId('cc-assign-to-me')).toHaveCount(0);

    // 4. "Move to…" Waiting: it joins the Waiting panel; the server has it in Waiting.
    const mineRow = row(panel(page, 'mine'), first);
    await mineRow.getByRole('button', { name: `Move #${first.number} to…` }).click();
    const moved = page.waitForResponse((r) => r.url().endsWith(`/tickets/${first.id}/transition`) && r.request().method() === 'POST');
    await page.getByTestId('cc-move-menu').getByRole('menuitem', { name: 'Waiting' }).click();
    await expect(row(panel(page, 'waiting'), first)).toBeVisible();
    expect((await moved).status()).toBe(200);
    expect((await getTicket(page, first.id)).stage.name).toBe('Waiting');
    await expect(page.getByText(`#${first.number} moved to Waiting.`)).toBeVisible();

    // 5. "See all" opens the tickets list with the panel's filter.
    await panel(page, 'overdue').getByTestId('cc-see-all').click();
    await expect(page).toHaveURL(/\/w\/demo\/tickets$/);
    await expect(page.getByTestId('tickets-filter-chip')).toHaveText(['Overdue']);

    expect(problems).toEqual([]);
  });

  test('when someone else changed the ticket first, then "Assign to me" is refused, the row goes back and a notification says why', async ({
    page,
    baseURL,
  }) => {
    await signIn(page, baseURL);
    // The refused assignment is an expected 409.
    const problems = watchConsole(page, [/status of 409 .*\/assign\)$/]);
    const id = unique();
    const { second } = await seed(page, baseURL, id);

    await page.goto('/w/demo');
    const unassignedRow = row(panel(page, 'unassigned'), second);
    await expect(unassignedRow).toBeVisible();

    // Renamed elsewhere (version 2). Live updates may already show that; the request below still sends the version
    // the page first loaded, so the server has a stale write to refuse whatever the timing.
    const renamed = `${second.title} (renamed)`;
    const patch = await page.request.patch(`${API}/tickets/${second.id}`, { data: { version: second.version, title: renamed }, headers: { origin: baseURL ?? '' } });
    expect(patch.ok(), await patch.text()).toBe(true);
    await page.route(`**/tickets/${second.id}/assign`, (route) =>
      route.continue({ postData: JSON.stringify({ assigneeId: 'me', version: second.version }) }),
    );

    const refused = page.waitForResponse((r) => r.url().endsWith(`/tickets/${second.id}/assign`));
    await unassignedRow.getByRole('button', { name: `Assign #${second.number} to me` }).click();
    expect((await refused).status()).toBe(409);
    await expect(page.getByText('Someone else changed this ticket — reloaded')).toBeVisible();
    // Back in Unassigned, reloaded with what the other person saved; never in Mine.
    await expect(row(panel(page, 'unassigned'), second)).toContainText(renamed);
    await expect(row(panel(page, 'mine'), second)).toHaveCount(0);
    expect((await getTicket(page, second.id)).assignee).toBeNull();

    expect(problems).toEqual([]);
  });
});

test.describe('command center on a phone in dark mode', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'light' });

  test('when the home opens on a 390 px screen in dark mode, then everything stacks, the charts draw and nothing scrolls sideways', async ({
    page,
    baseURL,
  }) => {
    await signIn(page, baseURL);
    const problems = watchConsole(page);
    const id = unique();
    const { first } = await seed(page, baseURL, id);

    await page.goto('/w/demo');
    await page.getByTestId('theme-toggle').click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await expect.poll(() => colorScheme(page)).toBe('dark');
    await page.keyboard.press('Escape');

    await expect(row(panel(page, 'overdue'), first)).toBeVisible();
    await page.screenshot({ path: artifact('command-center-390-dark-top.png') });
    for (const name of ['overdue', 'unassigned', 'mine', 'waiting'] as const) await expect(panel(page, name)).toBeVisible();
    // One column: each panel below the one before, as wide as the screen allows.
    const overdueBox = await panel(page, 'overdue').boundingBox();
    const unassignedBox = await panel(page, 'unassigned').boundingBox();
    expect(unassignedBox!.y).toBeGreaterThan(overdueBox!.y + overdueBox!.height - 1);
    await page.getByTestId('cc-kpi-by-stage').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('cc-kpi-by-stage').locator('svg.recharts-surface').first()).toBeVisible();
    await expect(page.getByTestId('cc-kpi-created-completed').locator('svg.recharts-surface').first()).toBeVisible();
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('command-center-390-dark.png'), fullPage: true });
    await page.getByTestId('cc-kpis').screenshot({ path: artifact('command-center-390-dark-kpis.png') });

    expect(problems).toEqual([]);
  });
});
