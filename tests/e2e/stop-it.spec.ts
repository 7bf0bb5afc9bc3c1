import { expect, test } from '@playwright/test';
import pg from 'pg';
import { startE2ETarget, type E2ETarget } from '../support/e2e-target';

/**
 * Stopping a flood from the page: a server full of an application's idle sessions refuses new
 * connections; from the target page an admin allows "Stop it", dry-runs "terminate the idle
 * sessions of flood-web", confirms, and the server takes new connections again while a
 * bystander keeps its sessions. The incident's timeline records it.
 */
let target: E2ETarget;
let targetId: string;
let appUrl: string;
const TARGET = `e2e-stop-${process.pid}`;
const clients: pg.Client[] = [];

test.beforeAll(async ({ request }) => {
  target = await startE2ETarget(request, { name: TARGET, maxConnections: 20, monitorMayStopSessions: true });
  targetId = target.id;
  appUrl = target.appUrl;
});

test.afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
  await target?.stop();
});

/** A connection as the app, or null when the server refuses it (53300). */
async function open(application: string): Promise<pg.Client | null> {
  const client = new pg.Client({ connectionString: appUrl, application_name: application, connectionTimeoutMillis: 5000 });
  client.on('error', () => {}); // terminated on purpose
  try {
    await client.connect();
    clients.push(client);
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    expect((error as { code?: string }).code).toBe('53300');
    return null;
  }
}

test('a responder terminates the idle sessions of the flooding application from the page, and the timeline records it', async ({ page, request }) => {
  const declared = await request.post('/api/incidents', { data: { title: 'shop refuses connections', severity: 'SEV2', by: 'Ada', targetIds: [targetId] } });
  expect(declared.status(), await declared.text()).toBe(201);
  const incidentId = ((await declared.json()) as { id: string }).id;

  const bystander = [await open('bystander'), await open('bystander')];
  let flood = 0;
  for (let refusals = 0; refusals < 5; ) {
    if (await open('flood-web')) {
      flood += 1;
      refusals = 0;
    } else {
      refusals += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  expect(await open('late-comer')).toBeNull();

  await page.goto(`/targets/${targetId}`);
  const panel = page.getByTestId('stop-it-panel');
  await expect(panel).toHaveAttribute('data-allowed', 'false');
  await expect(panel.getByTestId('stop-it-off')).toContainText('GRANT pg_signal_backend TO lifeguard_monitor;');
  await panel.getByTestId('allow-remediation').click();
  await expect(panel).toHaveAttribute('data-allowed', 'true');

  await panel.getByLabel('Application', { exact: true }).fill('flood-web');
  await panel.getByLabel('State', { exact: true }).selectOption('idle');
  await panel.getByTestId('stop-it-dry-run').click();
  const preview = panel.getByTestId('stop-it-preview');
  await expect(preview).toHaveAttribute('data-count', String(flood));
  await expect(preview.getByTestId('stop-it-session')).toHaveCount(flood);
  await expect(preview.getByTestId('lasting-fix').first()).toContainText('ALTER ROLE shop_app CONNECTION LIMIT');
  // The dry run touched nothing: the server still refuses.
  expect(await open('late-comer')).toBeNull();

  await preview.getByTestId('stop-it-confirm').click();
  const result = panel.getByTestId('stop-it-result');
  await expect(result).toHaveAttribute('data-count', String(flood));
  await expect(result).toContainText(`PostgreSQL reports ${flood} sessions terminated`);

  expect(await open('late-comer')).not.toBeNull();
  for (const client of bystander) expect((await client?.query('SELECT 1 AS ok'))?.rows[0]).toEqual({ ok: 1 });

  await page.goto(`/incidents/${incidentId}`);
  const entry = page.locator('[data-testid="timeline-entry"][data-kind="remediation"]');
  await expect(entry).toContainText(`terminated ${flood} idle sessions of flood-web on ${TARGET} — by anonymous`);
});
