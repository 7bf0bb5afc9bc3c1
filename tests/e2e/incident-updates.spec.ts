import { expect, test } from '@playwright/test';
import { ACCOUNTS_SERVER, serverUrl } from '../support/e2e-servers';
import { signIn } from '../support/e2e-session';

/**
 * Issue 11, part 4 on the incident page: a responder posts a "Conditions / Actions / Needs"
 * status update and names a scribe, and sees both on the timeline (the update also at the top of
 * the page); a viewer reads the update but is offered no form to write one.
 */
test.use({ baseURL: serverUrl(ACCOUNTS_SERVER) });

const RESPONDER = { email: `responder-${process.pid}@e2e.local`, password: 'responder correct horse battery', name: 'Rita' };
const VIEWER = { email: `updates-viewer-${process.pid}@e2e.local`, password: 'viewer correct horse battery', name: 'Vic' };
let incidentId = '';

test.beforeAll(async ({ browser }) => {
  const admin = await signIn(browser, ACCOUNTS_SERVER.adminEmail, ACCOUNTS_SERVER.adminPassword);
  try {
    for (const [person, role] of [[RESPONDER, 'responder'], [VIEWER, 'viewer']] as const) {
      const user = await admin.request.post('/api/users', { data: { email: person.email, displayName: person.name, role, password: person.password } });
      expect(user.status(), await user.text()).toBe(201);
    }
    const declared = await admin.request.post('/api/incidents', { data: { title: 'Checkout pool exhausted', severity: 'SEV2', by: 'Admin' } });
    expect(declared.status(), await declared.text()).toBe(201);
    incidentId = ((await declared.json()) as { id: string }).id;
  } finally {
    await admin.close();
  }
});

test('a responder posts a status update and names a scribe, and sees both on the timeline', async ({ browser }) => {
  const responder = await signIn(browser, RESPONDER.email, RESPONDER.password);
  try {
    const page = await responder.newPage();
    await page.goto(`/incidents/${incidentId}`);
    await expect(page.getByTestId('incident-title')).toHaveText('Checkout pool exhausted');

    await page.getByTestId('status-update-open').click();
    const form = page.getByTestId('status-update-form');
    // The shared schema answers before anything is sent: conditions are required.
    await form.getByRole('button', { name: 'Post update' }).click();
    await expect(form.getByRole('alert')).toHaveText('conditions is required');
    await form.getByLabel(/Conditions/).fill('web-7 holds 50 of 97 connections');
    await form.getByLabel(/Actions/).fill('Lowering the pool max to 10');
    await form.getByLabel(/Needs/).fill('A deploy approval');
    await form.getByRole('button', { name: 'Post update' }).click();
    await expect(form).toHaveCount(0);

    const latest = page.getByTestId('latest-status-update');
    await expect(latest).toContainText('web-7 holds 50 of 97 connections');
    await expect(latest).toContainText('by Rita');
    const update = page.getByTestId('timeline-entry').and(page.locator('[data-kind="status_update"]'));
    await expect(update).toContainText('Status update');
    await expect(update).toContainText('Lowering the pool max to 10');
    await expect(update).toContainText('A deploy approval');

    await page.getByRole('button', { name: 'Edit scribe' }).click();
    await page.getByLabel('Scribe', { exact: true }).fill('Sam');
    await page.getByLabel('Scribe', { exact: true }).press('Enter');
    await expect(page.getByTestId('scribe')).toContainText('Sam');
    await expect(page.getByTestId('timeline')).toContainText('Scribe set to “Sam”');
  } finally {
    await responder.close();
  }
});

test('a viewer reads the latest status update but is offered no form to write one', async ({ browser }) => {
  const viewer = await signIn(browser, VIEWER.email, VIEWER.password);
  try {
    const page = await viewer.newPage();
    const session = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/session' && response.request().method() === 'GET');
    await page.goto(`/incidents/${incidentId}`);
    expect(((await (await session).json()) as { role: string }).role).toBe('viewer');
    await expect(page.getByTestId('latest-status-update')).toContainText('web-7 holds 50 of 97 connections');
    await expect(page.getByTestId('scribe')).toContainText('Sam');
    await expect(page.getByTestId('status-update-open')).toHaveCount(0);
    await expect(page.getByTestId('status-update-form')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Edit scribe' })).toHaveCount(0);
  } finally {
    await viewer.close();
  }
});
