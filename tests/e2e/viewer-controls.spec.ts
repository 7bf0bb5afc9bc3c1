import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS_SERVER, serverUrl } from '../support/e2e-servers';
import { signIn } from '../support/e2e-session';

/**
 * Pages follow the signed-in role: a viewer is offered no control the API would refuse with a
 * 403 (acknowledge, silence, drills, ticks, edits, notes, the postmortem, rules, templates,
 * targets). The same pages opened by the admin show those controls, so the selectors below are
 * known to find them when they are there.
 */
test.use({ baseURL: serverUrl(ACCOUNTS_SERVER) });

const VIEWER = { email: `viewer-${process.pid}@e2e.local`, password: 'viewer correct horse battery' };
const ids = { target: '', incident: '' };

/** Each page, and the controls on it that need more than a viewer. */
const CONTROLS: { path: () => string; ready: (page: Page) => ReturnType<Page['getByTestId']>; controls: (page: Page) => ReturnType<Page['getByTestId']>[] }[] = [
  {
    path: () => `/incidents/${ids.incident}`,
    ready: (page) => page.getByTestId('checklist-item').first(),
    controls: (page) => [
      page.getByTestId('status-resolved'),
      page.getByTestId('severity-select'),
      page.getByRole('button', { name: /^Edit / }).first(),
      page.getByTestId('checklist').getByRole('checkbox').first(),
      page.getByLabel('New checklist item', { exact: true }),
      page.getByTestId('add-note'),
      page.getByTestId('status-update-open'),
      page.getByTestId('declare-incident'),
    ],
  },
  {
    path: () => `/incidents/${ids.incident}/postmortem`,
    ready: (page) => page.getByTestId('action-items'),
    controls: (page) => [page.getByTestId('postmortem-editor'), page.getByLabel('Action item', { exact: true })],
  },
  {
    path: () => `/targets/${ids.target}`,
    ready: (page) => page.getByTestId('drills-panel'),
    controls: (page) => [page.getByTestId('allow-drills'), page.getByTestId('declare-incident').first()],
  },
  { path: () => '/targets', ready: (page) => page.getByTestId('targets-table'), controls: (page) => [page.getByTestId('remove-target').first(), page.getByTestId('add-target-form')] },
  { path: () => '/checklists', ready: (page) => page.getByTestId('templates'), controls: (page) => [page.getByTestId('new-template'), page.getByRole('button', { name: 'Edit' }).first()] },
  { path: () => '/alerts/rules', ready: (page) => page.getByTestId('rules-table'), controls: (page) => [page.getByRole('button', { name: 'Edit' }).first()] },
];

test.beforeAll(async ({ browser }) => {
  const admin = await signIn(browser, ACCOUNTS_SERVER.adminEmail, ACCOUNTS_SERVER.adminPassword);
  try {
    const { request } = admin;
    const user = await request.post('/api/users', { data: { email: VIEWER.email, displayName: 'Vera', role: 'viewer', password: VIEWER.password } });
    expect(user.status(), await user.text()).toBe(201);
    // Nothing listens there: the page renders the same for an unreachable target.
    const created = await request.post('/api/targets', { data: { name: `e2e-viewer-${process.pid}`, url: 'postgres://nobody@127.0.0.1:9/none', intervalMs: 5000 } });
    expect(created.status(), await created.text()).toBe(201);
    ids.target = ((await created.json()) as { id: string }).id;
    const declared = await request.post('/api/incidents', { data: { title: 'Viewer walk', severity: 'SEV3', by: 'Admin', targetIds: [ids.target] } });
    expect(declared.status(), await declared.text()).toBe(201);
    ids.incident = ((await declared.json()) as { id: string }).id;
  } finally {
    await admin.close();
  }
});

test('a viewer is offered none of the controls the API would refuse', async ({ browser }) => {
  const viewer = await signIn(browser, VIEWER.email, VIEWER.password);
  try {
    const page = await viewer.newPage();
    for (const { path, ready, controls } of CONTROLS) {
      // The controls stay hidden until the role is known: judge their absence only once the
      // page has heard that this is a viewer. Leave the previous page first, so the session
      // answer awaited is this page's and not a late refetch of the last one (whose body is gone
      // once the tab navigates).
      await page.goto('about:blank');
      const session = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/session' && response.request().method() === 'GET');
      await page.goto(path());
      expect(((await (await session).json()) as { role: string }).role).toBe('viewer');
      await expect(ready(page), path()).toBeVisible();
      for (const control of controls(page)) await expect(control, `${path()}: ${control.toString()}`).toHaveCount(0);
    }
  } finally {
    await viewer.close();
  }
});

test('the admin is offered the same controls on the same pages', async ({ browser }) => {
  const admin = await signIn(browser, ACCOUNTS_SERVER.adminEmail, ACCOUNTS_SERVER.adminPassword);
  try {
    const page = await admin.newPage();
    for (const { path, ready, controls } of CONTROLS) {
      await page.goto(path());
      await expect(ready(page), path()).toBeVisible();
      for (const control of controls(page)) await expect(control, `${path()}: ${control.toString()}`).not.toHaveCount(0);
    }
  } finally {
    await admin.close();
  }
});
