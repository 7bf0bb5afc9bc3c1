import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { startLocalPostgres, type LocalPostgres } from '../../lib/store/local-postgres';
import { backendOf, startTestPgBouncer, type TestPgBouncer } from '../support/pgbouncer';

/**
 * The pooler's page during a PgBouncer flood: registered through the form in front of its
 * database, it shows its own budget against that database before anything happens, then, with
 * clients beyond max_client_conn, says that PgBouncer refuses them and who holds it.
 */
let backend: LocalPostgres;
let bouncer: TestPgBouncer;
let dir: string;
const clients: pg.Client[] = [];

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-e2e-pooler-'));
  // 20 max_connections − 3 reserved = 17 usable; one pool of 25 + 5 reserve can take 30.
  backend = await startLocalPostgres({ dir, maxConnections: 20 });
  bouncer = await startTestPgBouncer({
    backend: backendOf(backend),
    poolSize: 25,
    reservePoolSize: 5,
    maxClientConn: 12,
  });
});

test.afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => {})));
  await bouncer?.stop();
  await backend?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function addTarget(page: import('@playwright/test').Page, fields: { name: string; url: string; pooler?: { backend: string } }) {
  await page.getByLabel('Name').fill(fields.name);
  if (fields.pooler) await page.getByLabel('Kind').selectOption('pgbouncer');
  await page.getByLabel('Connection URL').fill(fields.url);
  if (fields.pooler) await page.getByLabel('Database behind it').selectOption({ label: fields.pooler.backend });
  await page.getByLabel(/Interval/).fill('500');
  await page.getByRole('button', { name: /add/i }).click();
  await expect(page.getByRole('link', { name: fields.name })).toBeVisible();
}

test("a PgBouncer's page shows its budget against the database, then its refusals and who holds it", async ({ page }) => {
  await page.goto('/targets');
  await addTarget(page, { name: 'e2e-orders-db', url: backend.url() });
  await addTarget(page, { name: 'e2e-bouncer', url: bouncer.adminUrl, pooler: { backend: 'e2e-orders-db' } });

  await page.getByRole('link', { name: 'e2e-bouncer' }).click();
  const budget = page.getByTestId('pooler-budget');
  await expect(budget).toHaveAttribute('data-over-committed', 'true');
  await expect(page.getByTestId('pooler-budget-line')).toContainText('e2e-bouncer: 1 pool × (25 + 5 reserve) = 30 > 17 usable on e2e-orders-db');
  await expect(page.getByTestId('target-health')).toHaveText('OK');

  for (let i = 0; i < 16; i++) {
    const client = new pg.Client({ connectionString: bouncer.clientUrl, application_name: 'checkout-web' });
    client.on('error', () => {});
    try {
      await client.connect();
      clients.push(client);
    } catch {
      // Refused at max_client_conn: what the page must now say.
    }
  }
  await expect(page.getByTestId('target-health')).toHaveText('Refusing connections');
  await expect(page.getByTestId('error-banner')).toContainText('Refusing new connections at PgBouncer: PgBouncer is at max_client_conn');
  await expect(page.locator('[data-testid="holder-row"][data-application="checkout-web"]')).toHaveAttribute('data-total', String(clients.length));
  await expect(page.getByTestId('finding-panel')).toContainText('checkout-web');
});
