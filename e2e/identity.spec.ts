import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';

// Identity and access in the browser: sign-up with email verification through the dev outbox, a workspace,
// an invitation accepted by a second person, and what that person's role lets them see.

const ADMIN_EMAIL = process.env.GRIP_E2E_ADMIN_EMAIL ?? 'admin@grip.local';
const ADMIN_PASSWORD = process.env.GRIP_E2E_ADMIN_PASSWORD ?? 'admin-password-123';
const PASSWORD = 'plum-orbit-lantern-42';

const artifact = (name: string) => fileURLToPath(new URL(`./artifacts/${name}`, import.meta.url));
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  const form = page.getByTestId('sign-in-form');
  await form.getByRole('textbox', { name: 'Email' }).fill(email);
  await form.getByRole('textbox', { name: 'Password' }).fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('app-shell')).toBeVisible();
}

async function signUp(page: Page, name: string, email: string) {
  const form = page.getByTestId('sign-up-form');
  await form.getByLabel('Name').fill(name);
  await expect(form.getByRole('textbox', { name: 'Email' })).toBeVisible();
  if ((await form.getByRole('textbox', { name: 'Email' }).inputValue()) !== email) await form.getByRole('textbox', { name: 'Email' }).fill(email);
  await form.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('sign-up-done')).toContainText(email);
}

/**
 * Opens the admin console's mail outbox filtered to one recipient, opens the newest message whose subject
 * matches, and returns the first link in its body as a path of this app (mail is sent in the background, so the
 * outbox is reloaded until the message is there).
 */
async function linkFromMail(admin: Page, to: string, subject: RegExp): Promise<string> {
  const message = admin
    .getByTestId('mail-outbox')
    .getByRole('row')
    .filter({ has: admin.getByTestId('mail-subject').filter({ hasText: subject }) })
    .first();
  await expect(async () => {
    await admin.goto(`/admin/mail?to=${encodeURIComponent(to)}`);
    await expect(message).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await message.click();
  const href = await admin.getByTestId('mail-body').getByTestId('mail-link').first().getAttribute('href');
  expect(href, `a link in the "${String(subject)}" email to ${to}`).toBeTruthy();
  const url = new URL(href!);
  return `${url.pathname}${url.search}`;
}

test.describe('identity and access journey', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('when a new owner signs up, creates a workspace and invites a viewer, then the viewer joins and sees only what a viewer may', async ({
    browser,
  }) => {
    test.setTimeout(150_000);
    const id = unique();
    const ownerEmail = `owner-${id}@example.test`;
    const viewerEmail = `viewer-${id}@example.test`;
    const workspaceName = `Acme ${id}`;

    // 1. The owner signs up; the account waits for email verification.
    const owner = await newPage(browser);
    await owner.goto('/sign-up');
    await signUp(owner, 'Olivia Owner', ownerEmail);

    // An unverified account cannot sign in yet.
    await owner.goto('/sign-in');
    await owner.getByTestId('sign-in-form').getByRole('textbox', { name: 'Email' }).fill(ownerEmail);
    await owner.getByTestId('sign-in-form').getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await owner.getByRole('button', { name: 'Sign in' }).click();
    await expect(owner.getByTestId('sign-in-error')).toBeVisible();
    await expect(owner.getByTestId('resend-verification')).toBeVisible();

    // 2. The platform admin reads the verification email in the outbox; the owner follows its link.
    const admin = await newPage(browser);
    await signIn(admin, ADMIN_EMAIL, ADMIN_PASSWORD);
    const verifyOwner = await linkFromMail(admin, ownerEmail, /verify/i);
    expect(verifyOwner).toMatch(/^\/verify-email\?token=/);

    await owner.goto(verifyOwner);
    await expect(owner.getByTestId('verify-email-success')).toBeVisible();
    await owner.getByTestId('verify-email-continue').click();

    // 3. Signed in without a workspace: Grip asks for one.
    await expect(owner).toHaveURL(/\/workspaces\/new$/);
    const create = owner.getByTestId('create-workspace-form');
    await create.getByLabel('Workspace name').fill(workspaceName);
    await create.getByRole('button', { name: 'Create workspace' }).click();
    await expect(owner).toHaveURL(new RegExp(`/w/acme-${id}$`));
    await expect(owner.getByTestId('workspace-name')).toHaveText(workspaceName);
    await expect(owner.getByTestId('workspace-role')).toHaveText('Owner');
    const workspacePath = new URL(owner.url()).pathname;

    // 4. The owner invites the second person as a viewer.
    await owner.getByTestId('nav-sidebar').getByRole('link', { name: 'Members' }).click();
    await expect(owner.getByTestId('members-table')).toContainText(ownerEmail);
    await owner.getByTestId('invite-button').click();
    const single = owner.getByTestId('invite-single-form');
    await single.getByRole('textbox', { name: 'Email' }).fill(viewerEmail);
    await single.getByLabel('Role').click();
    await owner.getByRole('option', { name: 'Viewer' }).click();
    await single.getByRole('button', { name: 'Send invitation' }).click();
    await expect(owner.getByText('Invitation sent')).toBeVisible();
    const invitationRow = owner.getByTestId('invitations').getByRole('row').filter({ hasText: viewerEmail });
    await expect(invitationRow).toContainText('Viewer');
    await expect(invitationRow).toContainText('Pending');
    await owner.screenshot({ path: artifact('identity-members.png'), fullPage: true });

    // 5. The invitation email, read by the admin; the viewer opens it signed out and creates an account.
    const invitePath = await linkFromMail(admin, viewerEmail, /invit/i);
    expect(invitePath).toMatch(/^\/invite\//);

    const viewer = await newPage(browser);
    await viewer.goto(invitePath);
    await expect(viewer.getByTestId('invitation-title')).toHaveText(`Join ${workspaceName}`);
    await viewer.getByTestId('invitation-sign-up').click();
    await expect(viewer.getByTestId('sign-up-form').getByRole('textbox', { name: 'Email' })).toHaveValue(viewerEmail);
    await signUp(viewer, 'Victor Viewer', viewerEmail);

    const verifyViewer = await linkFromMail(admin, viewerEmail, /verify/i);
    await viewer.goto(verifyViewer);
    await expect(viewer.getByTestId('verify-email-success')).toBeVisible();
    await viewer.getByTestId('verify-email-continue').click();

    // 6. Back on the invitation, now signed in as the invited address: accept.
    await expect(viewer).toHaveURL(new RegExp(`${invitePath}$`));
    await viewer.getByTestId('invitation-accept-button').click();
    await expect(viewer).toHaveURL(new RegExp(`${workspacePath}$`));
    await expect(viewer.getByTestId('workspace-name')).toHaveText(workspaceName);
    await expect(viewer.getByTestId('workspace-role')).toHaveText('Viewer');

    // 7. A viewer reads members and roles but changes nothing, and has no audit log or flags.
    const sidebar = viewer.getByTestId('nav-sidebar');
    await expect(sidebar.getByRole('link', { name: 'Members' })).toBeVisible();
    await expect(sidebar.getByRole('link', { name: 'Roles' })).toBeVisible();
    await expect(sidebar.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    await expect(sidebar.getByRole('link', { name: 'Feature flags' })).toHaveCount(0);
    await expect(sidebar.getByRole('link', { name: 'Users' })).toHaveCount(0);

    await sidebar.getByRole('link', { name: 'Members' }).click();
    const members = viewer.getByTestId('members-table');
    await expect(members).toContainText(ownerEmail);
    await expect(members).toContainText(viewerEmail);
    await expect(viewer.getByRole('heading', { name: 'Members' })).toBeVisible();
    await expect(viewer.getByTestId('invite-button')).toHaveCount(0);
    await expect(viewer.getByTestId('member-role-select')).toHaveCount(0);
    await expect(viewer.getByTestId('member-remove')).toHaveCount(0);

    await sidebar.getByRole('link', { name: 'Roles' }).click();
    const matrix = viewer.getByTestId('roles-matrix');
    await expect(matrix).toBeVisible();
    await expect(matrix).not.toHaveAttribute('data-editable');
    await expect(matrix.getByRole('radio')).toHaveCount(0);
    await expect(matrix.getByTestId('cell-viewer-roles:read')).toHaveAttribute('data-value', 'all');
    await expect(matrix.getByTestId('cell-viewer-members:invite')).toHaveAttribute('data-value', 'none');
    await expect(viewer.getByTestId('create-role-button')).toHaveCount(0);
    await viewer.screenshot({ path: artifact('identity-viewer-roles.png'), fullPage: true });

    await viewer.goto(`${workspacePath}/settings/audit`);
    await expect(viewer.getByTestId('forbidden-page')).toBeVisible();
    await viewer.goto('/admin/users');
    await expect(viewer.getByTestId('forbidden-page')).toBeVisible();

    // 8. The owner sees the viewer as a member now, and the invitation as accepted.
    await owner.reload();
    await expect(owner.getByTestId('members-table').getByRole('row').filter({ hasText: viewerEmail })).toBeVisible();
    await expect(owner.getByTestId('invitations').getByRole('row').filter({ hasText: viewerEmail })).toContainText('Accepted');
  });
});

test.describe('sign-in', () => {
  test('when the password is wrong, then the form says so and stays on the sign-in page', async ({ page }) => {
    await page.goto('/w/demo/settings/members');
    // Signed out: sent to sign in, with the way back kept.
    await expect(page).toHaveURL(/\/sign-in\?redirect=%2Fw%2Fdemo%2Fsettings%2Fmembers$/);

    const form = page.getByTestId('sign-in-form');
    await form.getByRole('textbox', { name: 'Email' }).fill(`nobody-${unique()}@example.test`);
    await form.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sign-in-error')).toContainText(/invalid email or password/i);
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByTestId('app-shell')).toHaveCount(0);
  });

  test('when required fields are empty, then each field shows its own error without a request', async ({ page }) => {
    await page.goto('/sign-in');
    let requests = 0;
    page.on('request', (request) => {
      if (request.url().includes('/api/auth/sign-in')) requests += 1;
    });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Enter a valid email address')).toBeVisible();
    await expect(page.getByText('Enter your password')).toBeVisible();
    expect(requests).toBe(0);
  });
});

test.describe('sign-in at phone width', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('when the sign-in page opens on a 375 px screen, then the card fits without sideways scrolling', async ({ page }) => {
    await page.goto('/sign-in');
    const form = page.getByTestId('sign-in-form');
    await expect(form).toBeVisible();

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBe(0);
    for (const element of [form.getByRole('textbox', { name: 'Email' }), form.getByRole('textbox', { name: 'Password' }), form.getByRole('button', { name: 'Sign in' })]) {
      const box = await element.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    }
    await page.screenshot({ path: artifact('identity-sign-in-375.png'), fullPage: true });
  });
});
