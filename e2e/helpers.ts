import { fileURLToPath } from 'node:url';
import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';

// What the journeys share: the admin that scripts/e2e.mjs creates, the demo workspace, sign-in, API set-up and the
// console watch. Each spec keeps its own steps.

export const ADMIN_EMAIL = process.env.GRIP_E2E_ADMIN_EMAIL ?? 'admin@grip.local';
export const ADMIN_PASSWORD = process.env.GRIP_E2E_ADMIN_PASSWORD ?? 'admin-password-123';
export const WORKSPACE = 'demo';
/** The demo workspace's API. */
export const API = `/api/v1/w/${WORKSPACE}`;

/** Where a screenshot goes: e2e/artifacts/<name>. */
export const artifact = (name: string) => fileURLToPath(new URL(`./artifacts/${name}`, import.meta.url));
/** A suffix no other test run uses, for names that must be found again. */
export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

export const colorScheme = (page: Page) => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
/** How far the page scrolls sideways (0 when it fits the screen). */
export const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * Collects console errors and warnings and uncaught exceptions from the moment it is called; a console message
 * matching one of `expected` is left out. Each problem reads "type: text (address)": "Failed to load resource"
 * names no address in its text, its location does, so a pattern can name the request it expects to fail.
 */
export function watchConsole(page: Page, expected: RegExp[] = []): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const problem = `${message.type()}: ${message.text()} (${message.location().url})`;
    if (!expected.some((pattern) => pattern.test(problem))) problems.push(problem);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

/** Same-origin writes need the Origin header (the API checks it against cross-site requests). */
export function post(request: APIRequestContext, baseURL: string | undefined, path: string, data?: unknown) {
  return request.post(path, { data, headers: { origin: baseURL ?? '' } });
}

export async function signIn(page: Page, baseURL: string | undefined, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  const response = await post(page.request, baseURL, '/api/auth/sign-in/email', { email, password });
  expect(response.ok(), await response.text()).toBe(true);
}

/** A page in a browser context of its own (its own cookies), not signed in. */
export async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Page> {
  return (await browser.newContext({ viewport })).newPage();
}

/** A page of its own, signed in as the admin. */
export async function signedInPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, baseURL);
  return page;
}

/** Creates a record in the demo workspace (`/customers`, `/tickets`, …) and returns it; anything but 201 fails the test. */
export async function create<T>(page: Page, baseURL: string | undefined, path: string, data: unknown): Promise<T> {
  const response = await post(page.request, baseURL, `${API}${path}`, data);
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as T;
}

/** A ticket as the journeys check it. */
export interface TicketRef {
  id: string;
  number: number;
  version: number;
  title: string;
  stage: { name: string };
  priority: string;
  overdue: boolean;
  assignee: { id: string; name: string; email: string } | null;
}

/** The ticket as the server has it now. */
export async function getTicket(page: Page, id: string): Promise<TicketRef> {
  const response = await page.request.get(`${API}/tickets/${id}`);
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as TicketRef;
}

/** The password of people the journeys sign up. */
export const PASSWORD = 'quartz-meadow-lantern-58';

/** The newest dev-outbox mail to `to` whose subject matches, read by the platform admin; its first app link. */
export async function linkFromMail(admin: APIRequestContext, to: string, subject: RegExp): Promise<string> {
  let link: string | undefined;
  await expect(async () => {
    const response = await admin.get(`/api/v1/admin/mail?to=${encodeURIComponent(to)}&limit=20`);
    expect(response.ok()).toBe(true);
    const { items } = (await response.json()) as { items: { subject: string; text: string }[] };
    const mail = items.find((m) => subject.test(m.subject));
    expect(mail, `a "${String(subject)}" mail to ${to}`).toBeTruthy();
    const url = /https?:\/\/[^\s)>"]+/.exec(mail!.text)?.[0];
    expect(url).toBeTruthy();
    link = url;
  }).toPass({ timeout: 20_000 });
  const url = new URL(link!);
  return `${url.pathname}${url.search}`;
}

/** A second person in the demo workspace with the agent role (signs up, verifies, accepts an invitation). */
export async function createAgent(browser: Browser, admin: Page, baseURL: string | undefined, email: string): Promise<{ page: Page; userId: string }> {
  const roles = (await (await admin.request.get(`${API}/roles`)).json()) as { items: { id: string; key: string }[] } | { id: string; key: string }[];
  const agentRole = (Array.isArray(roles) ? roles : roles.items).find((role) => role.key === 'agent');
  expect(agentRole, 'the built-in agent role').toBeTruthy();
  const invited = await post(admin.request, baseURL, `${API}/invitations`, { email, roleId: agentRole!.id });
  expect(invited.status(), await invited.text()).toBe(201);

  const page = await newPage(browser, { width: 1440, height: 900 });
  const signedUp = await post(page.request, baseURL, '/api/auth/sign-up/email', { name: 'Ada Agent', email, password: PASSWORD });
  expect(signedUp.ok(), await signedUp.text()).toBe(true);
  const verify = await linkFromMail(admin.request, email, /verify/i);
  const token = new URLSearchParams(verify.split('?')[1]).get('token');
  expect((await page.request.get(`/api/auth/verify-email?token=${encodeURIComponent(token!)}`)).ok()).toBe(true);
  await signIn(page, baseURL, email, PASSWORD);
  const invitation = await linkFromMail(admin.request, email, /invit/i);
  const accepted = await post(page.request, baseURL, `/api/v1/invitations/${invitation.split('/').pop()}/accept`);
  expect(accepted.ok(), await accepted.text()).toBe(true);
  const me = (await (await page.request.get('/api/v1/me')).json()) as { user: { id: string } };
  return { page, userId: me.user.id };
}

/** RFC 4180 rows: the server tests' reader, one for both suites. */
export { parseCsv } from '../apps/server/test/csv.ts';
