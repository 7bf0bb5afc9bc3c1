import { expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { ACCOUNTS_SERVER, serverUrl } from '../support/e2e-servers';

/**
 * The receiver form's PagerDuty and Alertmanager kinds, used by the signed-in admin of the
 * Lifeguard with accounts: each is created from /alerts/receivers with its own fields, a mistake
 * reads exactly as the API's 400 for the same input and creates nothing, and a PagerDuty routing
 * key (a secret, like a password) is never shown again: not on the page, not after a reload, not
 * in the API's answer.
 */
test.use({ baseURL: serverUrl(ACCOUNTS_SERVER) });

// 32 letters and digits, as PagerDuty's integration keys; the run's pid makes it this run's own.
const ROUTING_KEY = `e2eKey${process.pid}`.padEnd(32, 'Z').slice(0, 32);
const names = { pagerduty: `e2e pagerduty ${process.pid}`, alertmanager: `e2e alertmanager ${process.pid}`, refused: `e2e refused ${process.pid}` };

let context: BrowserContext;
let page: Page;
let api: APIRequestContext;

interface ReceiverAnswer {
  id: string;
  name: string;
  kind: string;
  url: string;
  routingKeyHint: string | null;
}

const receivers = async () => (await (await api.get('/api/receivers')).json()) as ReceiverAnswer[];

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  api = context.request;
  const session = await api.post('/api/session', { data: { email: ACCOUNTS_SERVER.adminEmail, password: ACCOUNTS_SERVER.adminPassword } });
  expect(session.status(), await session.text()).toBe(200);
  page = await context.newPage();
});

test.afterAll(async () => {
  // Enabled receivers pointing nowhere would keep failing deliveries for the specs after this one.
  for (const receiver of await receivers()) {
    if (Object.values(names).includes(receiver.name)) await api.delete(`/api/receivers/${receiver.id}`);
  }
  await context?.close();
});

async function fillForm(fields: { name: string; kind: 'pagerduty' | 'alertmanager'; url: string; routingKey?: string }) {
  const form = page.getByTestId('receiver-form');
  await form.getByLabel('Name', { exact: true }).fill(fields.name);
  await form.getByLabel('Kind').selectOption(fields.kind);
  await form.getByLabel(fields.kind === 'alertmanager' ? 'Alertmanager base URL' : 'URL', { exact: true }).fill(fields.url);
  if (fields.routingKey !== undefined) await form.getByLabel('Routing key (integration key)').fill(fields.routingKey);
  await form.getByRole('button', { name: 'Add receiver' }).click();
}

test('an admin adds a PagerDuty receiver; its routing key is never shown back', async () => {
  await page.goto('/alerts/receivers');
  await fillForm({ name: names.pagerduty, kind: 'pagerduty', url: 'https://events.pagerduty.com/v2/enqueue', routingKey: ROUTING_KEY });

  const item = page.getByTestId('receiver').filter({ hasText: names.pagerduty });
  await expect(item).toContainText('pagerduty');
  await expect(item).toContainText('https://events.pagerduty.com/v2/enqueue');
  // The last four characters tell keys apart; the key itself is gone from the form too.
  await expect(item).toContainText(`key …${ROUTING_KEY.slice(-4)}`);
  await expect(page.getByLabel('Routing key (integration key)')).toHaveCount(0);
  expect(await page.content()).not.toContain(ROUTING_KEY);

  await page.reload();
  await expect(page.getByTestId('receiver').filter({ hasText: names.pagerduty })).toContainText(`key …${ROUTING_KEY.slice(-4)}`);
  expect(await page.content()).not.toContain(ROUTING_KEY);
  const answer = await api.get('/api/receivers');
  expect(await answer.text()).not.toContain(ROUTING_KEY);
  expect((await receivers()).find((receiver) => receiver.name === names.pagerduty)).toMatchObject({ kind: 'pagerduty', routingKeyHint: `…${ROUTING_KEY.slice(-4)}` });
});

test('an admin adds an Alertmanager receiver from its base URL, with no routing key asked', async () => {
  await page.goto('/alerts/receivers');
  await page.getByTestId('receiver-form').getByLabel('Kind').selectOption('alertmanager');
  await expect(page.getByLabel('Routing key (integration key)')).toHaveCount(0);
  await fillForm({ name: names.alertmanager, kind: 'alertmanager', url: 'http://alertmanager.example:9093' });

  const item = page.getByTestId('receiver').filter({ hasText: names.alertmanager });
  await expect(item).toContainText('alertmanager');
  await expect(item).toContainText('http://alertmanager.example:9093');
  await expect(item).not.toContainText('key …');
  // Stored as a URL, which gains its "/" path.
  expect((await receivers()).find((receiver) => receiver.name === names.alertmanager)).toMatchObject({ kind: 'alertmanager', url: 'http://alertmanager.example:9093/', routingKeyHint: null });
});

const BAD_INPUTS = [
  { why: 'a PagerDuty routing key that is not 32 letters and digits', fields: { kind: 'pagerduty' as const, url: 'https://events.pagerduty.com/v2/enqueue', routingKey: 'not-a-key' } },
  { why: 'a PagerDuty receiver without a routing key', fields: { kind: 'pagerduty' as const, url: 'https://events.pagerduty.com/v2/enqueue', routingKey: '' } },
  { why: 'an Alertmanager URL without http:// or https://', fields: { kind: 'alertmanager' as const, url: 'alertmanager.example:9093' } },
];

for (const { why, fields } of BAD_INPUTS) {
  test(`${why}: the form says what the API's 400 says, and nothing is created`, async () => {
    const before = await receivers();
    await page.goto('/alerts/receivers');
    await fillForm({ name: names.refused, ...fields });
    const shown = page.getByTestId('receiver-form').getByRole('alert');
    await expect(shown).not.toBeEmpty();

    // The same input, as the form would send it, straight to the API.
    const { routingKey, ...rest } = fields as typeof fields & { routingKey?: string };
    const body = { name: names.refused, ...rest, ...(routingKey === undefined ? {} : { routingKey }), groupBy: ['target'], groupWaitSeconds: 10, groupIntervalSeconds: 300, repeatIntervalSeconds: 14_400 };
    const refused = await api.post('/api/receivers', { data: body });
    expect(refused.status()).toBe(400);
    const { error } = (await refused.json()) as { error: string };
    await expect(shown).toHaveText(error);

    expect(await receivers()).toEqual(before);
    await expect(page.getByTestId('receiver').filter({ hasText: names.refused })).toHaveCount(0);
  });
}
