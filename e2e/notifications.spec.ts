import { expect, test } from '@playwright/test';
import { API, artifact, create, createAgent, newPage, overflowX, signedInPage, signIn, unique, watchConsole, WORKSPACE } from './helpers.ts';

// The notifications centre and the ticket settings in the browser: an assignment reaches the assignee's bell and
// opens the ticket; preferences save; an admin edits a pipeline's stages and cannot remove a stage with tickets.


test.describe('notifications centre', () => {
  test('when a ticket is assigned to an agent, then their bell counts it, opening it lands on the ticket and the count goes to zero; preferences save', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const id = unique();
    const admin = await signedInPage(browser, baseURL);
    const agent = await createAgent(browser, admin, baseURL, `agent-${id}@example.test`);
    // The ticket page asks for saved drafts; having none is a 404 the browser logs.
    const problems = watchConsole(agent.page, [/status of 404 .*\/drafts\//]);

    // 1. The agent has nothing yet: a bell without a count.
    await agent.page.goto(`/w/${WORKSPACE}`);
    const bell = agent.page.getByTestId('notification-bell');
    await expect(bell).toBeVisible();
    await expect(agent.page.getByTestId('notification-bell-count')).toBeHidden();

    // 2. The admin opens a ticket assigned to the agent.
    const { id: customerId } = await create<{ id: string }>(admin, baseURL, '/customers', { kind: 'person', name: `Notified Customer ${id}` });
    const title = `Broken boiler ${id}`;
    const ticket = await create<{ id: string; number: number }>(admin, baseURL, '/tickets', { customerId, title, priority: 'high', assigneeId: agent.userId });

    // 3. The count arrives (polled, and refreshed when the window regains focus: a reload is the quick way).
    await agent.page.reload();
    await expect(agent.page.getByTestId('notification-bell-count')).toHaveText('1');
    await expect(bell).toHaveAccessibleName('Notifications, 1 unread');

    // 4. The bell lists it, unread; a click opens the ticket and marks it read.
    await bell.click();
    const popover = agent.page.getByTestId('notification-popover');
    const item = popover.getByTestId('notification-item').first();
    await expect(item).toContainText(String(ticket.number));
    await expect(item.getByTestId('notification-unread-dot')).toBeVisible();
    await agent.page.screenshot({ path: artifact('notifications-bell.png') });
    await item.click();
    await expect(agent.page).toHaveURL(new RegExp(`/w/${WORKSPACE}/tickets/${ticket.id}$`));
    await expect(agent.page.getByTestId('notification-bell-count')).toBeHidden();
    const unread = await agent.page.request.get(`${API}/notifications/unread-count`);
    expect(await unread.json()).toEqual({ unread: 0 });

    // 5. The notifications page shows it as read; "See all" from the bell leads there.
    await bell.click();
    await popover.getByTestId('notification-see-all').click();
    await expect(agent.page).toHaveURL(new RegExp(`/w/${WORKSPACE}/notifications$`));
    const listed = agent.page.getByTestId('notifications-page-list').getByTestId('notification-item').first();
    await expect(listed).toContainText(String(ticket.number));
    await expect(listed.getByTestId('notification-unread-dot')).toHaveCount(0);
    await agent.page.getByTestId('notifications-filter').getByText('Unread').click();
    await expect(agent.page.getByTestId('notifications-empty')).toContainText('You’re all caught up');

    // 6. Preferences: no email for assignments; saved, and still so after a reload.
    await agent.page.getByTestId('tab-preferences').click();
    const emailSwitch = agent.page.getByRole('switch', { name: 'A ticket is assigned to me: email' });
    await expect(emailSwitch).toBeChecked();
    // The switch's input is visually hidden under its track: the click lands on the track, as a user's would.
    await emailSwitch.uncheck({ force: true });
    await agent.page.getByTestId('notification-preferences-save').click();
    await expect(agent.page.getByText('Notification preferences saved')).toBeVisible();
    await agent.page.reload();
    await expect(agent.page.getByRole('switch', { name: 'A ticket is assigned to me: email' })).not.toBeChecked();
    await expect(agent.page.getByRole('switch', { name: 'A ticket is assigned to me: in app' })).toBeChecked();
    const preferences = (await (await agent.page.request.get(`${API}/notification-preferences`)).json()) as { items: { kind: string; email: boolean }[] };
    expect(preferences.items.find((p) => p.kind === 'ticket_assigned')?.email).toBe(false);

    expect(problems).toEqual([]);
  });

  test('when the header is shown on a 375 px phone, then the bell fits next to the menus without sideways scrolling', async ({ browser, baseURL }) => {
    const page = await newPage(browser, { width: 375, height: 812 });
    await signIn(page, baseURL);
    await page.goto(`/w/${WORKSPACE}`);
    const bell = page.getByTestId('notification-bell');
    await expect(bell).toBeVisible();
    await bell.click();
    const popover = page.getByTestId('notification-popover');
    await expect(popover).toBeVisible();
    const box = await popover.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: artifact('notifications-bell-375.png') });

    // Outside a workspace there is no bell.
    await page.keyboard.press('Escape');
    await page.goto('/account');
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await expect(page.getByTestId('notification-bell')).toHaveCount(0);
  });
});

test.describe('pipelines and SLA settings', () => {
  test('when an admin adds, renames and reorders stages, then the order holds after a reload; a stage with tickets cannot be removed', async ({ browser, baseURL }) => {
    test.setTimeout(90_000);
    const id = unique();
    const page = await signedInPage(browser, baseURL);
    // The refused removal of a stage with tickets is a 409 the browser logs.
    const problems = watchConsole(page, [/status of 409/]);

    // A pipeline of its own, so the demo workspace's default (used by other journeys) stays as it is.
    await page.goto(`/w/${WORKSPACE}`);
    await page.getByTestId('nav-sidebar').getByRole('link', { name: 'Pipelines & SLA' }).click();
    await expect(page.getByRole('heading', { name: 'Pipelines & SLA' })).toBeVisible();
    await page.getByTestId('pipeline-new').click();
    const pipelineName = `Claims ${id}`;
    await page.getByTestId('pipeline-form').getByRole('textbox', { name: 'Name' }).fill(pipelineName);
    await page.getByRole('button', { name: 'Create pipeline' }).click();
    await expect(page.getByTestId('pipeline-select')).toHaveValue(pipelineName);
    const names = page.getByTestId('stage-name-input');
    await expect(names).toHaveCount(4);
    const stageNames = () => names.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(await stageNames()).toEqual(['New', 'In Progress', 'Waiting', 'Completed']);

    // 1. Add a stage: it goes last.
    const addForm = page.getByTestId('add-stage-form');
    await addForm.getByRole('textbox', { name: 'New stage name' }).fill('Review');
    await addForm.getByRole('button', { name: 'Add stage' }).click();
    await expect(names).toHaveCount(5);
    expect(await stageNames()).toEqual(['New', 'In Progress', 'Waiting', 'Completed', 'Review']);

    // 2. Rename it in place (Enter saves).
    await names.nth(4).fill('Quality review');
    await names.nth(4).press('Enter');
    await expect(page.getByText('Stage renamed to “Quality review”.')).toBeVisible();

    // 3. Reorder: the arrow moves it up one; a drag of its handle moves it to the top.
    await page.getByRole('button', { name: 'Move Quality review up' }).click();
    await expect.poll(stageNames).toEqual(['New', 'In Progress', 'Waiting', 'Quality review', 'Completed']);
    const handle = page.getByRole('button', { name: 'Drag to reorder Quality review' });
    const target = page.getByTestId('stage-row').first();
    const from = (await handle.boundingBox())!;
    const to = (await target.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
    await page.mouse.move(from.x + from.width / 2, to.y + 4, { steps: 15 });
    await page.mouse.up();
    await expect.poll(stageNames).toEqual(['Quality review', 'New', 'In Progress', 'Waiting', 'Completed']);
    await page.reload();
    await page.getByTestId('pipeline-select').click();
    await page.getByRole('option', { name: pipelineName }).click();
    await expect.poll(stageNames).toEqual(['Quality review', 'New', 'In Progress', 'Waiting', 'Completed']);

    // 4. A ticket in this pipeline lands in its first stage; that stage cannot be removed while it is there.
    const pipelines = (await (await page.request.get(`${API}/pipelines`)).json()) as { items: { id: string; name: string }[] };
    const pipelineId = pipelines.items.find((p) => p.name === pipelineName)!.id;
    const { id: customerId } = await create<{ id: string }>(page, baseURL, '/customers', { kind: 'person', name: `Stage Customer ${id}` });
    await create(page, baseURL, '/tickets', { customerId, title: `In review ${id}`, priority: 'normal', pipelineId });
    await page.getByRole('button', { name: 'Remove Quality review' }).click();
    await page.getByTestId('confirm-modal-confirm').click();
    await expect(page.getByTestId('stage-remove-error')).toContainText('Move the 1 ticket in this stage first');
    await page.screenshot({ path: artifact('ticket-settings-stage-not-empty.png'), fullPage: true });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(names).toHaveCount(5);

    // 5. An empty stage can go.
    await page.getByRole('button', { name: 'Remove Waiting' }).click();
    await page.getByTestId('confirm-modal-confirm').click();
    await expect.poll(stageNames).toEqual(['Quality review', 'New', 'In Progress', 'Completed']);

    expect(problems).toEqual([]);
  });

  test('when SLA targets are changed, then they are saved as minutes and shown again in days and hours', async ({ browser, baseURL }) => {
    const page = await signedInPage(browser, baseURL);
    const before = (await (await page.request.get(`${API}/ticket-settings`)).json()) as { slaMinutes: Record<string, number> };
    await page.goto(`/w/${WORKSPACE}/settings/tickets`);
    const sla = page.getByTestId('sla-settings');
    await expect(sla).toBeVisible();

    // A zero target is refused before anything is sent.
    await sla.getByRole('textbox', { name: 'Urgent' }).fill('0');
    await page.getByTestId('sla-save').click();
    await expect(sla.getByText('Enter a time greater than zero')).toBeVisible();

    // Urgent: 6 hours; low: 10 days.
    await sla.getByRole('textbox', { name: 'Urgent' }).fill('6');
    await page.getByTestId('sla-urgent-unit').getByText('hours').click();
    await sla.getByRole('textbox', { name: 'Low' }).fill('10');
    await page.getByTestId('sla-low-unit').getByText('days').click();
    await page.getByTestId('sla-save').click();
    await expect(page.getByText('SLA targets saved')).toBeVisible();
    const after = (await (await page.request.get(`${API}/ticket-settings`)).json()) as { slaMinutes: Record<string, number> };
    expect(after.slaMinutes).toEqual({ ...before.slaMinutes, urgent: 360, low: 14_400 });

    await page.reload();
    await expect(page.getByTestId('sla-settings').getByRole('textbox', { name: 'Low' })).toHaveValue('10');

    // Put the demo workspace's targets back for the other journeys.
    const restored = await page.request.put(`${API}/ticket-settings`, { data: before, headers: { origin: baseURL ?? '' } });
    expect(restored.ok()).toBe(true);
  });
});
