import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';

// The operator of the installation enters a customer's workspace explicitly, with a reason, and the workspace's
// own audit log shows it.

const ADMIN_EMAIL = process.env.GRIP_E2E_ADMIN_EMAIL ?? 'admin@grip.local';
const ADMIN_PASSWORD = process.env.GRIP_E2E_ADMIN_PASSWORD ?? 'admin-password-123';
const baseURL = process.env.GRIP_E2E_URL ?? 'http://127.0.0.1:3000';

async function api(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: new URL(baseURL).origin } });
}

/** A customer of the installation with their own workspace, set up through the API (sign-up, outbox, verify). */
async function customerWorkspace(admin: APIRequestContext): Promise<{ name: string; slug: string }> {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `client-${id}@example.com`;
  const client = await api();
  expect((await client.post('/api/auth/sign-up/email', { data: { name: 'Client Owner', email, password: 'quartz-meadow-river-7' } })).ok()).toBe(true);
  let link = '';
  await expect(async () => {
    const mail = await (await admin.get(`/api/v1/admin/mail?to=${encodeURIComponent(email)}`)).json();
    link = /https?:\/\/\S+\/verify-email\?token=\S+/.exec(mail.items[0]?.text ?? '')?.[0] ?? '';
    expect(link).not.toBe('');
  }).toPass({ timeout: 15_000 });
  const token = new URL(link).searchParams.get('token')!;
  expect((await client.get(`/api/auth/verify-email?token=${encodeURIComponent(token)}`)).ok()).toBe(true);
  const name = `Client ${id}`;
  const created = await client.post('/api/v1/workspaces', { data: { name } });
  expect(created.status()).toBe(201);
  return { name, slug: (await created.json()).slug };
}

test('when the operator enters a customer workspace with a reason, then they are in as admin and its audit log says why', async ({ page }) => {
  const admin = await api();
  expect((await admin.post('/api/auth/sign-in/email', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })).ok()).toBe(true);
  const workspace = await customerWorkspace(admin);

  await page.goto('/sign-in');
  const form = page.getByTestId('sign-in-form');
  await form.getByRole('textbox', { name: 'Email' }).fill(ADMIN_EMAIL);
  await form.getByRole('textbox', { name: 'Password' }).fill(ADMIN_PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('app-shell')).toBeVisible();

  await page.goto('/admin/workspaces');
  const row = page.getByTestId('admin-workspaces').getByRole('row').filter({ hasText: workspace.name });
  await row.getByTestId('enter-workspace').click();
  const modal = page.getByTestId('enter-workspace-modal');
  await modal.getByTestId('enter-workspace-submit').click();
  await expect(modal.getByText('Say why, in at least 5 characters')).toBeVisible(); // no request without a reason
  await modal.getByLabel('Reason').fill('Support ticket 42: help with roles');
  await modal.getByTestId('enter-workspace-submit').click();
  await expect(page).toHaveURL(new RegExp(`/w/${workspace.slug}`));

  const log = await (await admin.get(`/api/v1/w/${workspace.slug}/audit?action=operator.`)).json();
  expect(log.items[0]).toMatchObject({ action: 'operator.entered', actorEmail: ADMIN_EMAIL, after: { reason: 'Support ticket 42: help with roles' } });
});
